namespace Namespace.Shell.Syntax;

/// <summary><c>left || right</c>: runs <see cref="Right"/> only when <see cref="Left"/> fails.</summary>
/// <param name="Left">The first command.</param>
/// <param name="Right">The command run when the first fails.</param>
/// <param name="Position">Where <see cref="Left"/> starts.</param>
public sealed record OrCommand(Command Left, Command Right, SourcePosition Position) : Command(Position);
