using System.Text;

namespace Namespace.Shell.Syntax;

/// <summary>
/// rc's tokeniser, hand-written: rc decides what a character means from the token before it (a name after
/// <c>$</c> stops at <c>.</c> or <c>/</c>; <c>#</c> after <c>$</c> is a count, elsewhere a comment), which a
/// context-free combinator grammar cannot express cleanly. One instance lexes one input, on demand.
/// </summary>
internal sealed class Lexer
{
    private const string NonWordCharacters = "\n \t#;&|^$=`'{}()<>";
    private const string NonNameCharacters = "!\"#$%&'()+,-./:;<=>?@[\\]^`{|}~";

    private readonly string _text;
    private readonly string _file;
    private int _index;
    private int _line = 1;
    private int _column = 1;
    private bool _afterDollar;
    private string _dollarText = "$";
    private bool _started;

    /// <summary>Creates a lexer over <paramref name="text"/>.</summary>
    /// <param name="text">The input.</param>
    /// <param name="file">The file name used in positions.</param>
    public Lexer(string text, string file)
    {
        _text = text;
        _file = file;
    }

    /// <summary>
    /// True when the input ends with a line continuation: a backslash-newline, or a backslash as the very
    /// last character, outside quotes and comments. Valid only after the end token was produced.
    /// </summary>
    public bool EndsWithContinuation { get; private set; }

    /// <summary>The position of the next unread character.</summary>
    public SourcePosition Here => new(_file, _line, _column);

    /// <summary>True for characters that may appear in a bare word.</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether <paramref name="c"/> continues a bare word.</returns>
    public static bool IsWordCharacter(char c) => NonWordCharacters.IndexOf(c) < 0;

    /// <summary>True for characters that may appear in a variable name after <c>$</c> (rc's <c>idchr</c>).</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether <paramref name="c"/> continues a variable name.</returns>
    public static bool IsNameCharacter(char c) => c > ' ' && c != '\u007f' && NonNameCharacters.IndexOf(c) < 0;

    /// <summary>Reads the next token; after the end of input it keeps returning <see cref="TokenKind.End"/>.</summary>
    /// <returns>The token.</returns>
    public Token Next()
    {
        var skipped = SkipBlanks();
        var adjacent = _started && !skipped;
        _started = true;
        var start = Here;
        var afterDollar = _afterDollar;
        _afterDollar = false;

        if (_index >= _text.Length)
        {
            return new Token(TokenKind.End, string.Empty, start, adjacent);
        }

        var c = _text[_index];
        if (afterDollar && IsNameCharacter(c))
        {
            var name = new StringBuilder();
            while (_index < _text.Length && IsNameCharacter(_text[_index]))
            {
                name.Append(_text[_index]);
                Advance();
            }

            return new Token(TokenKind.Word, name.ToString(), start, adjacent);
        }

        if (afterDollar && IsWordCharacter(c))
        {
            throw new ShellSyntaxException(start, $"expected variable name after '{_dollarText}'");
        }

        switch (c)
        {
            case '\n':
                Advance();
                return new Token(TokenKind.Newline, "\n", start, adjacent);
            case '\r' when Peek(1) == '\n':
                Advance();
                Advance();
                return new Token(TokenKind.Newline, "\n", start, adjacent);
            case '$':
                Advance();
                _afterDollar = true;
                _dollarText = "$";
                if (Current == '#')
                {
                    Advance();
                    _dollarText = "$#";
                    return new Token(TokenKind.Count, "$#", start, adjacent);
                }

                if (Current == '"')
                {
                    Advance();
                    _dollarText = "$\"";
                    return new Token(TokenKind.Flat, "$\"", start, adjacent);
                }

                return new Token(TokenKind.Dollar, "$", start, adjacent);
            case '\'':
                return ReadQuoted(start, adjacent);
            case '`':
                return Single(TokenKind.Backquote, start, adjacent);
            case '^':
                return Single(TokenKind.Caret, start, adjacent);
            case '(':
                return Single(TokenKind.LeftParen, start, adjacent);
            case ')':
                return Single(TokenKind.RightParen, start, adjacent);
            case '{':
                return Single(TokenKind.LeftBrace, start, adjacent);
            case '}':
                return Single(TokenKind.RightBrace, start, adjacent);
            case ';':
                return Single(TokenKind.Semicolon, start, adjacent);
            case '=':
                return Single(TokenKind.Equals, start, adjacent);
            case '&':
                Advance();
                if (Current == '&')
                {
                    Advance();
                    return new Token(TokenKind.AndAnd, "&&", start, adjacent);
                }

                return new Token(TokenKind.Ampersand, "&", start, adjacent);
            case '|':
                Advance();
                if (Current == '|')
                {
                    Advance();
                    return new Token(TokenKind.OrOr, "||", start, adjacent);
                }

                return ReadPipe(start, adjacent);
            case '>':
            case '<':
                return ReadRedirection(start, adjacent);
            default:
                return ReadWord(start, adjacent);
        }
    }

    private char Current => _index < _text.Length ? _text[_index] : '\0';

    private bool AtEnd => _index >= _text.Length;

    private char Peek(int offset) => _index + offset < _text.Length ? _text[_index + offset] : '\0';

    private void Advance()
    {
        var c = _text[_index++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else if (!char.IsLowSurrogate(c))
        {
            _column++;
        }
    }

    private Token Single(TokenKind kind, SourcePosition start, bool adjacent)
    {
        var text = _text[_index].ToString();
        Advance();
        return new Token(kind, text, start, adjacent);
    }

    /// <summary>Skips blanks, comments and line continuations; returns whether anything was skipped.</summary>
    private bool SkipBlanks()
    {
        var skipped = false;
        while (!AtEnd)
        {
            var c = _text[_index];
            if (c is ' ' or '\t')
            {
                Advance();
            }
            else if (c == '\\' && (Peek(1) == '\n' || (Peek(1) == '\r' && Peek(2) == '\n')))
            {
                Advance();
                if (Current == '\r')
                {
                    Advance();
                }

                Advance();
                if (AtEnd)
                {
                    EndsWithContinuation = true;
                }
            }
            else if (c == '#')
            {
                while (!AtEnd && _text[_index] != '\n' && !(_text[_index] == '\r' && Peek(1) == '\n'))
                {
                    Advance();
                }
            }
            else
            {
                break;
            }

            skipped = true;
        }

        return skipped;
    }

    private Token ReadQuoted(SourcePosition start, bool adjacent)
    {
        Advance();
        var text = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new ShellSyntaxException(start, "unterminated quote", isIncomplete: true);
            }

            var c = _text[_index];
            Advance();
            if (c == '\'')
            {
                if (Current != '\'')
                {
                    break;
                }

                Advance();
            }

            text.Append(c);
        }

        return new Token(TokenKind.Word, text.ToString(), start, adjacent) { Quoted = true };
    }

    private Token ReadWord(SourcePosition start, bool adjacent)
    {
        var text = new StringBuilder();
        while (!AtEnd)
        {
            var c = _text[_index];
            if (!IsWordCharacter(c))
            {
                break;
            }

            if (c == '\\' && (Peek(1) == '\n' || (Peek(1) == '\r' && Peek(2) == '\n')))
            {
                break;
            }

            if (c == '\r' && Peek(1) == '\n')
            {
                break;
            }

            if (c == '\\' && _index + 1 == _text.Length)
            {
                EndsWithContinuation = true;
            }

            text.Append(c);
            Advance();
        }

        if (text.Length == 0)
        {
            // Unreachable by construction (every non-word character has its own case); never loop forever.
            text.Append(_text[_index]);
            Advance();
        }

        return new Token(TokenKind.Word, text.ToString(), start, adjacent);
    }

    private Token ReadPipe(SourcePosition start, bool adjacent)
    {
        if (Current != '[')
        {
            return new Token(TokenKind.Pipe, "|", start, adjacent) { Fd = 1, SecondFd = 0 };
        }

        Advance();
        var left = ReadDescriptor("|[");
        var right = 0;
        if (Current == '=')
        {
            Advance();
            right = ReadDescriptor("|[");
        }

        ExpectCloseBracket("|[");
        return new Token(TokenKind.Pipe, "|", start, adjacent) { Fd = left, SecondFd = right };
    }

    private Token ReadRedirection(SourcePosition start, bool adjacent)
    {
        var first = _text[_index];
        Advance();
        RedirectionKind kind;
        string op;
        if (first == '<')
        {
            if (Current == '<')
            {
                throw new ShellSyntaxException(start, "here documents ('<<') are not supported");
            }

            if (Current == '>')
            {
                throw new ShellSyntaxException(start, "read-write redirection ('<>') is not supported");
            }

            kind = RedirectionKind.Input;
            op = "<";
        }
        else if (Current == '>')
        {
            Advance();
            kind = RedirectionKind.Append;
            op = ">>";
        }
        else
        {
            kind = RedirectionKind.Output;
            op = ">";
        }

        var fd = kind == RedirectionKind.Input ? 0 : 1;
        int? second = null;
        var duplication = false;
        if (Current == '[')
        {
            Advance();
            var opener = op + "[";
            fd = ReadDescriptor(opener);
            if (Current == '=')
            {
                Advance();
                duplication = true;
                if (char.IsAsciiDigit(Current))
                {
                    second = ReadDescriptor(opener);
                }
            }

            ExpectCloseBracket(opener);
        }

        return new Token(TokenKind.Redirect, op, start, adjacent)
        {
            RedirectionKind = kind,
            Fd = fd,
            SecondFd = second,
            IsDuplication = duplication,
        };
    }

    private int ReadDescriptor(string opener)
    {
        if (!char.IsAsciiDigit(Current))
        {
            throw new ShellSyntaxException(Here, $"expected a file descriptor number after '{opener}'");
        }

        var value = 0;
        while (char.IsAsciiDigit(Current))
        {
            value = (value * 10) + (Current - '0');
            if (value > 9999)
            {
                throw new ShellSyntaxException(Here, $"file descriptor number too large in '{opener}'");
            }

            Advance();
        }

        return value;
    }

    private void ExpectCloseBracket(string opener)
    {
        if (Current != ']')
        {
            throw new ShellSyntaxException(Here, $"expected ']' to close '{opener}'");
        }

        Advance();
    }
}
