namespace Namespace.Shell.Syntax;

/// <summary>The base of every node of the shell's syntax tree; each node knows where it starts.</summary>
/// <param name="Position">Where the node's first character is in the source.</param>
public abstract record SyntaxNode(SourcePosition Position);
