namespace Namespace.Shell.Execution;

/// <summary>Thrown by <c>exit</c> to end the script or shell with a status.</summary>
public sealed class ShellExitException(string status) : Exception($"exit {status}")
{
    /// <summary>The status to end with.</summary>
    public string Status { get; } = status;
}
