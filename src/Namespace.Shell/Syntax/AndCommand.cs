namespace Namespace.Shell.Syntax;

/// <summary><c>left &amp;&amp; right</c>: runs <see cref="Right"/> only when <see cref="Left"/> succeeds.</summary>
/// <param name="Left">The first command.</param>
/// <param name="Right">The command run when the first succeeds.</param>
/// <param name="Position">Where <see cref="Left"/> starts.</param>
public sealed record AndCommand(Command Left, Command Right, SourcePosition Position) : Command(Position);
