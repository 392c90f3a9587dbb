namespace Namespace.Shell.Syntax;

/// <summary>A parenthesised list of words: <c>(a b c)</c>, or the empty list <c>()</c>.</summary>
/// <param name="Items">The words of the list.</param>
/// <param name="Position">Where the <c>(</c> is.</param>
public sealed record ListWord(IReadOnlyList<Word> Items, SourcePosition Position) : Word(Position);
