namespace Namespace.Shell.Execution;

/// <summary>Bad arguments to a builtin: reported as <c>nsh: CMD: message</c> followed by the usage line.</summary>
public sealed class UsageException(string message) : Exception(message);
