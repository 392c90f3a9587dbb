namespace Namespace.Shell.Syntax;

/// <summary>A braced command list <c>{ a; b }</c>.</summary>
/// <param name="Commands">The commands of the block.</param>
/// <param name="Position">Where the <c>{</c> is.</param>
public sealed record BlockCommand(IReadOnlyList<Command> Commands, SourcePosition Position) : Command(Position);
