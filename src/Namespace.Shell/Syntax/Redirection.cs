namespace Namespace.Shell.Syntax;

/// <summary>The base of redirections: a file redirection or a descriptor duplication/close.</summary>
/// <param name="Fd">The descriptor being redirected.</param>
/// <param name="Position">Where the redirection operator is.</param>
public abstract record Redirection(int Fd, SourcePosition Position) : SyntaxNode(Position);
