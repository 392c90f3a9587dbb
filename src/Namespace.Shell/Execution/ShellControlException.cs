namespace Namespace.Shell.Execution;

/// <summary>The shell's own control flow (<c>return</c>, the call-depth limit): unwinds to whoever handles it, never reported as a command's error.</summary>
public abstract class ShellControlException(string message) : Exception(message);
