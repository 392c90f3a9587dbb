namespace Namespace.Shell.Syntax;

/// <summary><c>fn name { list }</c>: defines (or replaces) a function.</summary>
/// <param name="Name">The word naming the function.</param>
/// <param name="Body">The function body.</param>
/// <param name="Position">Where <c>fn</c> is.</param>
public sealed record FunctionDefinitionCommand(Word Name, BlockCommand Body, SourcePosition Position) : Command(Position);
