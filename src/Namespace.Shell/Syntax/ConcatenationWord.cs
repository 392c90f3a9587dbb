namespace Namespace.Shell.Syntax;

/// <summary>
/// Words joined by <c>^</c>, written explicitly or inserted by rc's free-caret rule
/// (<c>$home/lib</c> is <c>$home^/lib</c>). Evaluated left to right with rc's list rules.
/// </summary>
/// <param name="Parts">Two or more words, in source order.</param>
/// <param name="Position">Where the first part starts.</param>
public sealed record ConcatenationWord(IReadOnlyList<Word> Parts, SourcePosition Position) : Word(Position);
