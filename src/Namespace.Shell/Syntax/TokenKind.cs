namespace Namespace.Shell.Syntax;

/// <summary>The kinds of token the lexer produces.</summary>
internal enum TokenKind
{
    /// <summary>A literal word, bare or quoted.</summary>
    Word,

    /// <summary><c>$</c>.</summary>
    Dollar,

    /// <summary><c>$#</c>.</summary>
    Count,

    /// <summary><c>$"</c>.</summary>
    Flat,

    /// <summary>A backquote.</summary>
    Backquote,

    /// <summary><c>^</c>.</summary>
    Caret,

    /// <summary><c>(</c>.</summary>
    LeftParen,

    /// <summary><c>)</c>.</summary>
    RightParen,

    /// <summary><c>{</c>.</summary>
    LeftBrace,

    /// <summary><c>}</c>.</summary>
    RightBrace,

    /// <summary><c>;</c>.</summary>
    Semicolon,

    /// <summary>A newline.</summary>
    Newline,

    /// <summary><c>&amp;</c>.</summary>
    Ampersand,

    /// <summary><c>&amp;&amp;</c>.</summary>
    AndAnd,

    /// <summary><c>||</c>.</summary>
    OrOr,

    /// <summary><c>|</c>, possibly with descriptors.</summary>
    Pipe,

    /// <summary>A redirection operator with its descriptors.</summary>
    Redirect,

    /// <summary><c>=</c>.</summary>
    Equals,

    /// <summary>The end of the input.</summary>
    End,
}
