namespace Namespace.Shell.Syntax;

/// <summary>A variable's elements joined by single spaces into one string: <c>$"name</c>.</summary>
/// <param name="Name">The word naming the variable.</param>
/// <param name="Position">Where the <c>$"</c> is.</param>
public sealed record FlatWord(Word Name, SourcePosition Position) : Word(Position);
