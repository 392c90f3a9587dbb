namespace Namespace.Shell.Syntax;

/// <summary>One token.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The literal text for words; the source text for operators.</param>
/// <param name="Position">Where the token starts.</param>
/// <param name="Adjacent">True when no blank, comment or line continuation separates it from the previous token.</param>
internal readonly record struct Token(TokenKind Kind, string Text, SourcePosition Position, bool Adjacent)
{
    /// <summary>True for a word token that came from quotes.</summary>
    public bool Quoted { get; init; }

    /// <summary>For redirections: output, append or input.</summary>
    public RedirectionKind RedirectionKind { get; init; }

    /// <summary>For redirections and pipes: the first descriptor.</summary>
    public int Fd { get; init; }

    /// <summary>For duplications: the second descriptor (null to close); for pipes: the right descriptor.</summary>
    public int? SecondFd { get; init; }

    /// <summary>For redirections: true when written <c>[a=b]</c> or <c>[a=]</c>.</summary>
    public bool IsDuplication { get; init; }

    /// <summary>True for an unquoted word with exactly this text (keywords and <c>case</c>).</summary>
    /// <param name="text">The text to compare with.</param>
    /// <returns>Whether the token is that bare word.</returns>
    public bool IsBare(string text) => Kind == TokenKind.Word && !Quoted && Text == text;

    /// <summary>A description for error messages, such as <c>'('</c> or <c>end of input</c>.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Newline => "newline",
        TokenKind.Word when Quoted => "quoted word",
        _ => $"'{Text}'",
    };
}
