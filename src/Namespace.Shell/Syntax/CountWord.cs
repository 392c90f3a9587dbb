namespace Namespace.Shell.Syntax;

/// <summary>The number of elements of a variable: <c>$#name</c>.</summary>
/// <param name="Name">The word naming the variable.</param>
/// <param name="Position">Where the <c>$#</c> is.</param>
public sealed record CountWord(Word Name, SourcePosition Position) : Word(Position);
