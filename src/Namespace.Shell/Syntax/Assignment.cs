namespace Namespace.Shell.Syntax;

/// <summary>One assignment <c>name=value</c>; the value may be a list, <c>x=(a b)</c>, or empty, <c>x=()</c>.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Value">The value word.</param>
/// <param name="Position">Where the name starts.</param>
public sealed record Assignment(string Name, Word Value, SourcePosition Position) : SyntaxNode(Position);
