namespace Namespace.Shell.Syntax;

/// <summary><c>@ cmd</c> (usually <c>@{ list }</c>): runs the command in a subshell with its own copy of the state.</summary>
/// <param name="Body">The command run in the subshell.</param>
/// <param name="Position">Where <c>@</c> is.</param>
public sealed record SubshellCommand(Command Body, SourcePosition Position) : Command(Position);
