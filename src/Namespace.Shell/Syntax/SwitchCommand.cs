namespace Namespace.Shell.Syntax;

/// <summary><c>switch(word){ case pat...; cmds ... }</c>: runs the first arm with a pattern matching the subject.</summary>
/// <param name="Subject">The word after <c>switch</c>; usually a parenthesised list such as <c>($x)</c>.</param>
/// <param name="Cases">The arms in source order.</param>
/// <param name="Position">Where <c>switch</c> is.</param>
public sealed record SwitchCommand(Word Subject, IReadOnlyList<SwitchCase> Cases, SourcePosition Position) : Command(Position);
