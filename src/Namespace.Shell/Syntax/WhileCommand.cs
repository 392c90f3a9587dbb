namespace Namespace.Shell.Syntax;

/// <summary><c>while(list) cmd</c>: runs the body as long as the condition list succeeds.</summary>
/// <param name="Condition">The commands between the parentheses.</param>
/// <param name="Body">The loop body.</param>
/// <param name="Position">Where <c>while</c> is.</param>
public sealed record WhileCommand(IReadOnlyList<Command> Condition, Command Body, SourcePosition Position) : Command(Position);
