namespace Namespace.Shell.Syntax;

/// <summary><c>for(v in list) cmd</c>, or <c>for(v) cmd</c> which iterates over <c>$*</c>.</summary>
/// <param name="Variable">The loop variable's name.</param>
/// <param name="Items">The words after <c>in</c> (possibly none), or null for the <c>for(v)</c> form.</param>
/// <param name="Body">The command run for each element.</param>
/// <param name="Position">Where <c>for</c> is.</param>
public sealed record ForCommand(Word Variable, IReadOnlyList<Word>? Items, Command Body, SourcePosition Position)
    : Command(Position);
