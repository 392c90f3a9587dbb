namespace Namespace.Shell.Execution;

/// <summary><c>return [status]</c>: leaves the innermost function (or <c>.</c> file) with a status.</summary>
/// <param name="status">The status to return.</param>
public sealed class ShellReturnException(string status) : ShellControlException($"return {status}")
{
    /// <summary>The status the function returns.</summary>
    public string Status { get; } = status;
}
