namespace Namespace.Shell.Syntax;

/// <summary>
/// A command with redirections that apply to all of it: a block followed by redirections
/// (<c>{ a; b } &gt;f</c>) or redirections written before a command (<c>&gt;f cmd</c>; as in rc they cover the
/// whole pipeline that follows, <c>&gt;f a | b</c>).
/// </summary>
/// <param name="Redirections">The redirections in source order.</param>
/// <param name="Body">The redirected command.</param>
/// <param name="Position">Where the node starts (the block or the first redirection).</param>
public sealed record RedirectedCommand(IReadOnlyList<Redirection> Redirections, Command Body, SourcePosition Position)
    : Command(Position);
