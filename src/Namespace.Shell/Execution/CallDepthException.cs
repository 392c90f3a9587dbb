namespace Namespace.Shell.Execution;

/// <summary>
/// Too many function calls and <c>.</c> files at once (endless recursion): unwinds the whole top-level command, which
/// fails with this one line, and the shell goes on with the next.
/// </summary>
/// <param name="name">The function (or <c>.</c>) that would have gone one deeper.</param>
/// <param name="limit">The limit.</param>
public sealed class CallDepthException(string name, int limit)
    : ShellControlException($"{name}: too deeply nested (more than {limit} function calls and . files at once)")
{
    /// <summary>The same error, to throw afresh (without the stack trace this one has gathered).</summary>
    public CallDepthException Again() => new(name, limit);
}
