namespace Namespace.Shell.Execution;

/// <summary>
/// Written to a pipe whose reader has finished (e.g. <c>cat big | head</c>): like SIGPIPE, it ends the whole pipeline
/// stage that writes to <see cref="Pipe"/>, loops and all, which then ends quietly.
/// </summary>
/// <param name="pipe">The writing end that was written to.</param>
public sealed class BrokenPipeException(Stream? pipe = null) : IOException("broken pipe")
{
    /// <summary>The writing end that was written to (null when unknown).</summary>
    public Stream? Pipe { get; } = pipe;
}
