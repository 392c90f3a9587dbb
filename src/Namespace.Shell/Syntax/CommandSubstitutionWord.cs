namespace Namespace.Shell.Syntax;

/// <summary>A command substitution <c>`{ cmds }</c>: the output of the block split into words.</summary>
/// <param name="Body">The block whose output is substituted.</param>
/// <param name="Position">Where the backquote is.</param>
public sealed record CommandSubstitutionWord(BlockCommand Body, SourcePosition Position) : Word(Position);
