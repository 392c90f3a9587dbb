namespace Namespace.Shell.Syntax;

/// <summary>
/// The connection between two stages of a pipeline: <c>|</c> joins the left stage's fd 1 to the right stage's
/// fd 0; <c>|[2]</c> pipes fd 2; <c>|[5=4]</c> joins left fd 5 to right fd 4.
/// </summary>
/// <param name="LeftFd">The descriptor of the left stage that writes into the pipe.</param>
/// <param name="RightFd">The descriptor of the right stage that reads from the pipe.</param>
/// <param name="Position">Where the <c>|</c> is.</param>
public sealed record PipeLink(int LeftFd, int RightFd, SourcePosition Position) : SyntaxNode(Position);
