namespace Namespace.Shell.Syntax;

/// <summary>One arm of a switch: <c>case pattern...</c> and the commands up to the next <c>case</c>.</summary>
/// <param name="Patterns">The patterns after <c>case</c> (rc patterns, matched without globbing).</param>
/// <param name="Body">The commands run when a pattern matches.</param>
/// <param name="Position">Where <c>case</c> is.</param>
public sealed record SwitchCase(IReadOnlyList<Word> Patterns, IReadOnlyList<Command> Body, SourcePosition Position)
    : SyntaxNode(Position);
