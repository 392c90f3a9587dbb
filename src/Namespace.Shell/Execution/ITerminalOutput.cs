namespace Namespace.Shell.Execution;

/// <summary>An output stream that can say whether a person watches it on a terminal (progress is shown only there).</summary>
public interface ITerminalOutput
{
    /// <summary>True when the stream is a terminal, not a file or a pipe.</summary>
    bool IsTerminal { get; }
}
