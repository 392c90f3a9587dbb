namespace Namespace.Shell.Syntax;

/// <summary><c>&gt; f</c>, <c>&gt;&gt; f</c>, <c>&lt; f</c>, <c>&gt;[2] f</c>, <c>&gt;&gt;[2] f</c>.</summary>
/// <param name="Kind">Output, append or input.</param>
/// <param name="Fd">The descriptor: as written in brackets, else 1 for output/append and 0 for input.</param>
/// <param name="Target">The word naming the file.</param>
/// <param name="Position">Where the operator is.</param>
public sealed record FileRedirection(RedirectionKind Kind, int Fd, Word Target, SourcePosition Position)
    : Redirection(Fd, Position);
