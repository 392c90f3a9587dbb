namespace Namespace.Shell.Syntax;

/// <summary>
/// A simple command: words (the first names the command) and the redirections written among them.
/// A command of redirections only (<c>&gt;f</c>) has no words.
/// </summary>
/// <param name="Words">The words in source order.</param>
/// <param name="Redirections">The redirections in source order.</param>
/// <param name="Position">Where the command's first word or redirection starts.</param>
public sealed record SimpleCommand(IReadOnlyList<Word> Words, IReadOnlyList<Redirection> Redirections, SourcePosition Position)
    : Command(Position);
