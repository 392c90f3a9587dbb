namespace Namespace.Shell.Syntax;

/// <summary><c>! cmd</c>: runs the command and inverts its status.</summary>
/// <param name="Body">The command whose status is inverted.</param>
/// <param name="Position">Where the <c>!</c> is.</param>
public sealed record NotCommand(Command Body, SourcePosition Position) : Command(Position);
