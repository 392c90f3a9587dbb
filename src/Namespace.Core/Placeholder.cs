namespace Namespace.Core;

/// <summary>Placeholder.</summary>
public static class Placeholder { }
