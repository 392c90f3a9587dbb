namespace Namespace.Shell.Syntax;

/// <summary>
/// A word: something that expands to a list of strings. Words are literals, variable references,
/// concatenations (explicit <c>^</c> or rc's free carets), parenthesised lists and command substitutions.
/// </summary>
/// <param name="Position">Where the word starts.</param>
public abstract record Word(SourcePosition Position) : SyntaxNode(Position);
