namespace Namespace.Shell.Syntax;

/// <summary>
/// Assignments, either on their own (<c>x=1 y=(a b)</c>: they set the variables) or as a prefix of a command
/// (<c>x=1 cmd</c>: the variables hold those values only while <see cref="Body"/> runs, rc-style).
/// </summary>
/// <param name="Assignments">One or more assignments in source order.</param>
/// <param name="Body">The command the assignments are local to, or null for plain assignments.</param>
/// <param name="Position">Where the first assignment starts.</param>
public sealed record AssignmentCommand(IReadOnlyList<Assignment> Assignments, Command? Body, SourcePosition Position)
    : Command(Position);
