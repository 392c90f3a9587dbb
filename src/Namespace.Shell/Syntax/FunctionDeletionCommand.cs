namespace Namespace.Shell.Syntax;

/// <summary><c>fn name</c> without a body: deletes the function.</summary>
/// <param name="Name">The word naming the function.</param>
/// <param name="Position">Where <c>fn</c> is.</param>
public sealed record FunctionDeletionCommand(Word Name, SourcePosition Position) : Command(Position);
