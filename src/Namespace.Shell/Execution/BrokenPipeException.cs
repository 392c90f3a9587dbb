namespace Namespace.Shell.Execution;

/// <summary>Written to a pipe whose reader has finished (e.g. <c>cat big | head</c>): the writer stops quietly.</summary>
public sealed class BrokenPipeException() : IOException("broken pipe");
