namespace Namespace.Shell.Syntax;

/// <summary>
/// <c>~ subject pattern...</c>: status true when the subject matches one of the patterns. Nothing is globbed.
/// As in rc, after expansion the first resulting string is the subject and the rest are patterns.
/// </summary>
/// <param name="Subject">The first word after <c>~</c>.</param>
/// <param name="Patterns">The remaining words (possibly none).</param>
/// <param name="Position">Where <c>~</c> is.</param>
public sealed record MatchCommand(Word Subject, IReadOnlyList<Word> Patterns, SourcePosition Position) : Command(Position);
