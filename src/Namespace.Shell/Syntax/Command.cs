namespace Namespace.Shell.Syntax;

/// <summary>The base of every command node.</summary>
/// <param name="Position">Where the command starts.</param>
public abstract record Command(SourcePosition Position) : SyntaxNode(Position);
