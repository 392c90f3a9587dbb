namespace Namespace.Shell.Syntax;

/// <summary>
/// <c>&gt;[2=1]</c>: makes <see cref="Redirection.Fd"/> a copy of <see cref="SourceFd"/>;
/// <c>&gt;[2=]</c> closes <see cref="Redirection.Fd"/> (then <see cref="SourceFd"/> is null).
/// </summary>
/// <param name="Fd">The descriptor being redirected.</param>
/// <param name="SourceFd">The descriptor copied, or null to close <paramref name="Fd"/>.</param>
/// <param name="Input">True when written with <c>&lt;</c>, as in <c>&lt;[0=3]</c>.</param>
/// <param name="Position">Where the operator is.</param>
public sealed record DuplicationRedirection(int Fd, int? SourceFd, bool Input, SourcePosition Position)
    : Redirection(Fd, Position);
