namespace Namespace.Shell.Syntax;

/// <summary>A parsed script: the commands of the top-level list, in order.</summary>
/// <param name="Commands">The top-level commands; empty for a script of blank lines and comments.</param>
/// <param name="Position">The start of the script (line 1, column 1).</param>
public sealed record Script(IReadOnlyList<Command> Commands, SourcePosition Position) : SyntaxNode(Position);
