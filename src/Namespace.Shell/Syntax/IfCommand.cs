namespace Namespace.Shell.Syntax;

/// <summary><c>if(list) cmd</c>: runs the body when the condition list's status is true.</summary>
/// <param name="Condition">The commands between the parentheses.</param>
/// <param name="Body">The command run when the condition succeeds.</param>
/// <param name="Position">Where <c>if</c> is.</param>
public sealed record IfCommand(IReadOnlyList<Command> Condition, Command Body, SourcePosition Position) : Command(Position);
