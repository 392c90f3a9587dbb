namespace Namespace.Shell.Syntax;

/// <summary>
/// <c>if not cmd</c>: runs the body when the condition of the <see cref="IfCommand"/> just before it in the
/// same command list was false. The parser rejects an <c>if not</c> that does not follow an <c>if</c>.
/// </summary>
/// <param name="Body">The command run when the preceding condition failed.</param>
/// <param name="Position">Where <c>if</c> is.</param>
public sealed record IfNotCommand(Command Body, SourcePosition Position) : Command(Position);
