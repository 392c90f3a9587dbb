namespace Namespace.Shell.Syntax;

/// <summary>
/// A recursive-descent parser for one input, following rc's grammar (syn.y) and its operator precedences:
/// <c>if</c>, <c>for</c>, <c>while</c> and <c>if not</c> bodies take everything up to the next separator;
/// <c>&amp;&amp;</c> and <c>||</c> are left-associative; <c>!</c>, <c>@</c>, assignment prefixes and redirection
/// prefixes bind tighter than those but looser than <c>|</c>. Instances hold per-parse state only.
/// </summary>
internal sealed class Parser
{
    private const int LowestPrecedence = 0;
    private const int AndOrPrecedence = 1;
    private const int PrefixPrecedence = 2;
    private const int PipePrecedence = 3;

    private readonly Lexer _lexer;
    private readonly ShellParserOptions _options;
    private readonly string _file;
    private Token _token;
    private int _depth;
    private bool _ifNotAllowed;

    /// <summary>Creates a parser and reads the first token.</summary>
    /// <param name="text">The input.</param>
    /// <param name="file">The file name used in positions.</param>
    /// <param name="options">The options.</param>
    public Parser(string text, string file, ShellParserOptions options)
    {
        _file = file;
        _options = options;
        _lexer = new Lexer(text, file);
        _token = _lexer.Next();
    }

    /// <summary>Whether the input ended with a line continuation (valid after a successful parse).</summary>
    public bool EndsWithContinuation => _lexer.EndsWithContinuation;

    /// <summary>Parses the whole input.</summary>
    /// <returns>The script.</returns>
    public Script ParseScript()
    {
        var commands = ParseList(TokenKind.End, _options.AllowLeadingIfNot, stopAtCase: false);
        if (_token.Kind != TokenKind.End)
        {
            throw Error(_token, $"unexpected {_token.Describe()}");
        }

        return new Script(commands, new SourcePosition(_file, 1, 1));
    }

    private static bool IsWordStart(Token token, bool glueEquals) => token.Kind switch
    {
        TokenKind.Word or TokenKind.Dollar or TokenKind.Count or TokenKind.Flat
            or TokenKind.Backquote or TokenKind.LeftParen => true,
        TokenKind.Equals => glueEquals,
        _ => false,
    };

    private static bool CanStartCommand(Token token) => token.Kind switch
    {
        TokenKind.LeftBrace or TokenKind.Redirect or TokenKind.Equals or TokenKind.Caret => true,
        _ => IsWordStart(token, glueEquals: false),
    };

    private Token Advance()
    {
        var current = _token;
        if (current.Kind != TokenKind.End)
        {
            _token = _lexer.Next();
        }

        return current;
    }

    /// <summary>
    /// Builds a syntax error at <paramref name="at"/>. It is "incomplete" (the REPL asks for another line) only
    /// when the input ended at a point where a newline and more text could still make it valid.
    /// </summary>
    private static ShellSyntaxException Error(Token at, string reason, bool incompleteAtEnd = false) =>
        new(at.Position, reason, isIncomplete: incompleteAtEnd && at.Kind == TokenKind.End);

    private void EnterNesting()
    {
        if (++_depth > _options.MaxNestingDepth)
        {
            throw new ShellSyntaxException(_token.Position, "nesting too deep");
        }
    }

    private void SkipNewlines()
    {
        while (_token.Kind == TokenKind.Newline)
        {
            Advance();
        }
    }

    private void ExpectClose(TokenKind kind, string reason)
    {
        if (_token.Kind != kind)
        {
            throw Error(_token, reason, incompleteAtEnd: true);
        }

        Advance();
    }

    /// <summary>Parses commands separated by <c>;</c>, <c>&amp;</c> and newlines, stopping before anything else.</summary>
    private List<Command> ParseList(TokenKind closer, bool allowLeadingIfNot, bool stopAtCase)
    {
        var commands = new List<Command>();
        while (true)
        {
            while (_token.Kind is TokenKind.Newline or TokenKind.Semicolon or TokenKind.Ampersand)
            {
                Advance();
            }

            if (_token.Kind == closer || _token.Kind == TokenKind.End || (stopAtCase && _token.IsBare("case")))
            {
                return commands;
            }

            if (_token.Kind is TokenKind.Pipe or TokenKind.AndAnd or TokenKind.OrOr)
            {
                throw Error(_token, $"expected command before '{_token.Text}'");
            }

            if (!CanStartCommand(_token))
            {
                return commands;
            }

            _ifNotAllowed = commands.Count == 0 ? allowLeadingIfNot : commands[^1] is IfCommand;
            var command = ParseCommand(LowestPrecedence);
            _ifNotAllowed = false;

            var separated = true;
            if (_token.Kind == TokenKind.Ampersand)
            {
                Advance();
                command = new BackgroundCommand(command, command.Position);
            }
            else if (_token.Kind is TokenKind.Semicolon or TokenKind.Newline)
            {
                Advance();
            }
            else
            {
                separated = false;
            }

            commands.Add(command);
            if (!separated && CanStartCommand(_token) && !(stopAtCase && _token.IsBare("case")))
            {
                // For example '{a} b' or 'fn f {a} b': rc requires a separator here.
                throw Error(_token, $"expected ';' or newline before {_token.Describe()}");
            }
        }
    }

    private Command ParseCommand(int minimumPrecedence)
    {
        EnterNesting();
        var command = ParseTail(ParsePrefix(), minimumPrecedence);
        _depth--;
        return command;
    }

    /// <summary>Parses the binary operators that bind tighter than <paramref name="minimumPrecedence"/>.</summary>
    private Command ParseTail(Command left, int minimumPrecedence)
    {
        List<Command>? stages = null;
        List<PipeLink>? links = null;
        var current = left;

        Command Finish() => stages is null ? current : new PipelineCommand(stages, links!, stages[0].Position);

        while (true)
        {
            if (_token.Kind == TokenKind.Pipe && PipePrecedence > minimumPrecedence)
            {
                var pipe = Advance();
                SkipNewlines();
                var right = ParseOperand(PipePrecedence, "'|'", continuation: true);
                stages ??= [current];
                links ??= [];
                stages.Add(right);
                links.Add(new PipeLink(pipe.Fd, pipe.SecondFd ?? 0, pipe.Position));
            }
            else if (_token.Kind is TokenKind.AndAnd or TokenKind.OrOr && AndOrPrecedence > minimumPrecedence)
            {
                var leftSide = Finish();
                stages = null;
                links = null;
                var op = Advance();
                SkipNewlines();
                var right = ParseOperand(AndOrPrecedence, $"'{op.Text}'", continuation: true);
                current = op.Kind == TokenKind.AndAnd
                    ? new AndCommand(leftSide, right, leftSide.Position)
                    : new OrCommand(leftSide, right, leftSide.Position);
            }
            else
            {
                return Finish();
            }
        }
    }

    /// <summary>Parses the command an operator or keyword needs, with a clear error when it is missing.</summary>
    private Command ParseOperand(int precedence, string after, bool continuation)
    {
        if (!CanStartCommand(_token))
        {
            throw new ShellSyntaxException(
                _token.Position,
                $"expected command after {after}",
                isIncomplete: _token.Kind == TokenKind.End && continuation);
        }

        return ParseCommand(precedence);
    }

    private Command ParsePrefix()
    {
        var ifNotAllowed = _ifNotAllowed;
        _ifNotAllowed = false;
        var token = _token;
        if (token.Kind == TokenKind.Word && !token.Quoted)
        {
            switch (token.Text)
            {
                case "if":
                    return ParseIf(ifNotAllowed);
                case "for":
                    return ParseFor();
                case "while":
                    return ParseWhile();
                case "switch":
                    return ParseSwitch();
                case "fn":
                    return ParseFunction();
                case "~":
                    return ParseMatch();
                case "!":
                    Advance();
                    return new NotCommand(ParseOperand(PrefixPrecedence, "'!'", continuation: false), token.Position);
                case "@":
                    Advance();
                    return new SubshellCommand(ParseOperand(PrefixPrecedence, "'@'", continuation: false), token.Position);
                case "not":
                    throw Error(token, "expected 'if' before 'not'");
                case "in":
                    throw Error(token, "unexpected 'in' outside 'for(...)'");
            }
        }

        switch (token.Kind)
        {
            case TokenKind.LeftBrace:
                return ParseRedirectionEpilog(ParseBrace("{"));
            case TokenKind.Redirect:
                return ParsePrefixRedirections();
            case TokenKind.Equals:
                throw Error(token, "expected variable name before '='");
            case TokenKind.Caret:
                throw Error(token, "expected word before '^'");
            default:
                return ParseSimpleOrAssignment();
        }
    }

    private Command ParseIf(bool ifNotAllowed)
    {
        var keyword = Advance();
        if (_token.IsBare("not"))
        {
            if (!ifNotAllowed)
            {
                throw Error(keyword, "'if not' does not follow 'if(...)'");
            }

            Advance();
            SkipNewlines();
            var elseBody = ParseOperand(LowestPrecedence, "'if not'", continuation: true);
            return new IfNotCommand(elseBody, keyword.Position);
        }

        var condition = ParseCondition("if");
        SkipNewlines();
        var body = ParseOperand(LowestPrecedence, "'if(...)'", continuation: true);
        return new IfCommand(condition, body, keyword.Position);
    }

    private Command ParseWhile()
    {
        var keyword = Advance();
        var condition = ParseCondition("while");
        SkipNewlines();
        var body = ParseOperand(LowestPrecedence, "'while(...)'", continuation: true);
        return new WhileCommand(condition, body, keyword.Position);
    }

    private List<Command> ParseCondition(string keyword)
    {
        if (_token.Kind != TokenKind.LeftParen)
        {
            throw Error(_token, $"expected '(' after '{keyword}'");
        }

        Advance();
        var condition = ParseList(TokenKind.RightParen, allowLeadingIfNot: false, stopAtCase: false);
        ExpectClose(TokenKind.RightParen, $"expected ')' to close '{keyword}('");
        return condition;
    }

    private Command ParseFor()
    {
        var keyword = Advance();
        if (_token.Kind != TokenKind.LeftParen)
        {
            throw Error(_token, "expected '(' after 'for'");
        }

        Advance();
        SkipNewlines();
        if (!IsWordStart(_token, glueEquals: false))
        {
            throw Error(_token, "expected variable name after 'for('", incompleteAtEnd: true);
        }

        var variable = ParseWord(glueEquals: false);
        SkipNewlines();
        List<Word>? items = null;
        if (_token.IsBare("in"))
        {
            Advance();
            items = ParseWordList(allowNewlines: true);
        }

        ExpectClose(TokenKind.RightParen, "expected ')' to close 'for('");
        SkipNewlines();
        var body = ParseOperand(LowestPrecedence, "'for(...)'", continuation: true);
        return new ForCommand(variable, items, body, keyword.Position);
    }

    private Command ParseSwitch()
    {
        var keyword = Advance();
        if (!IsWordStart(_token, glueEquals: true))
        {
            throw Error(_token, "expected word after 'switch'");
        }

        var subject = ParseWord(glueEquals: true);
        SkipNewlines();
        if (_token.Kind != TokenKind.LeftBrace)
        {
            throw new ShellSyntaxException(
                _token.Position,
                "expected '{' after 'switch' subject",
                isIncomplete: _token.Kind == TokenKind.End);
        }

        Advance();
        var cases = new List<SwitchCase>();
        while (true)
        {
            while (_token.Kind is TokenKind.Newline or TokenKind.Semicolon)
            {
                Advance();
            }

            if (_token.IsBare("case"))
            {
                var caseToken = Advance();
                var patterns = ParseWordList(allowNewlines: false);
                if (_token.Kind is TokenKind.Semicolon or TokenKind.Newline)
                {
                    Advance();
                }
                else if (_token.Kind is not (TokenKind.RightBrace or TokenKind.End))
                {
                    throw Error(_token, "expected ';' or newline after 'case' patterns");
                }

                var body = ParseList(TokenKind.RightBrace, allowLeadingIfNot: false, stopAtCase: true);
                cases.Add(new SwitchCase(patterns, body, caseToken.Position));
                continue;
            }

            if (CanStartCommand(_token))
            {
                throw Error(_token, "expected 'case' before commands in 'switch' body");
            }

            break;
        }

        ExpectClose(TokenKind.RightBrace, "expected '}' to close 'switch' body");
        return new SwitchCommand(subject, cases, keyword.Position);
    }

    private Command ParseFunction()
    {
        var keyword = Advance();
        if (!IsWordStart(_token, glueEquals: true))
        {
            throw Error(_token, "expected function name after 'fn'");
        }

        var name = ParseWord(glueEquals: true);
        if (_token.Kind == TokenKind.LeftBrace)
        {
            return new FunctionDefinitionCommand(name, ParseBrace("{"), keyword.Position);
        }

        if (IsWordStart(_token, glueEquals: true))
        {
            throw Error(_token, "expected '{' after function name");
        }

        return new FunctionDeletionCommand(name, keyword.Position);
    }

    private Command ParseMatch()
    {
        var keyword = Advance();
        if (!IsWordStart(_token, glueEquals: true))
        {
            throw Error(_token, "expected subject after '~'");
        }

        var subject = ParseWord(glueEquals: true);
        var patterns = ParseWordList(allowNewlines: false);
        return new MatchCommand(subject, patterns, keyword.Position);
    }

    private BlockCommand ParseBrace(string opener)
    {
        if (_token.Kind != TokenKind.LeftBrace)
        {
            throw Error(_token, $"expected '{{' after '{opener.TrimEnd('{')}'");
        }

        var open = Advance();
        EnterNesting();
        var commands = ParseList(TokenKind.RightBrace, allowLeadingIfNot: false, stopAtCase: false);
        ExpectClose(TokenKind.RightBrace, $"expected '}}' to close '{opener}'");
        _depth--;
        return new BlockCommand(commands, open.Position);
    }

    private Command ParseRedirectionEpilog(BlockCommand block)
    {
        if (_token.Kind != TokenKind.Redirect)
        {
            return block;
        }

        var redirections = new List<Redirection>();
        while (_token.Kind == TokenKind.Redirect)
        {
            redirections.Add(ParseRedirection());
        }

        return new RedirectedCommand(redirections, block, block.Position);
    }

    private Command ParsePrefixRedirections()
    {
        var start = _token.Position;
        var redirections = new List<Redirection>();
        while (_token.Kind == TokenKind.Redirect)
        {
            redirections.Add(ParseRedirection());
        }

        if (!CanStartCommand(_token))
        {
            return new SimpleCommand([], redirections, start);
        }

        return new RedirectedCommand(redirections, ParseCommand(PrefixPrecedence), start);
    }

    private Redirection ParseRedirection()
    {
        var op = Advance();
        if (op.IsDuplication)
        {
            return new DuplicationRedirection(op.Fd, op.SecondFd, op.RedirectionKind == RedirectionKind.Input, op.Position);
        }

        if (!IsWordStart(_token, glueEquals: true))
        {
            throw Error(_token, $"expected file name after '{op.Text}'");
        }

        return new FileRedirection(op.RedirectionKind, op.Fd, ParseWord(glueEquals: true), op.Position);
    }

    private Command ParseSimpleOrAssignment()
    {
        var first = ParseWord(glueEquals: false);
        if (_token.Kind != TokenKind.Equals)
        {
            return ParseSimpleRest(first);
        }

        var assignments = new List<Assignment>();
        while (true)
        {
            assignments.Add(ParseAssignmentValue(first));
            if (!CanStartCommand(_token))
            {
                return new AssignmentCommand(assignments, null, assignments[0].Position);
            }

            if (_token.Kind == TokenKind.Word && !_token.Quoted && IsKeyword(_token.Text))
            {
                break;
            }

            if (!IsWordStart(_token, glueEquals: false))
            {
                break;
            }

            first = ParseWord(glueEquals: false);
            if (_token.Kind != TokenKind.Equals)
            {
                var simple = ParseTail(ParseSimpleRest(first), PrefixPrecedence);
                return new AssignmentCommand(assignments, simple, assignments[0].Position);
            }
        }

        var body = ParseCommand(PrefixPrecedence);
        return new AssignmentCommand(assignments, body, assignments[0].Position);
    }

    private static bool IsKeyword(string text) =>
        text is "if" or "for" or "while" or "switch" or "fn" or "~" or "!" or "@" or "not" or "in";

    private Assignment ParseAssignmentValue(Word name)
    {
        if (name is not LiteralWord { Text.Length: > 0 } literal)
        {
            throw new ShellSyntaxException(name.Position, "expected variable name before '='");
        }

        Advance();
        if (!IsWordStart(_token, glueEquals: true))
        {
            throw Error(_token, $"expected value after '{literal.Text}='");
        }

        return new Assignment(literal.Text, ParseWord(glueEquals: true), literal.Position);
    }

    private SimpleCommand ParseSimpleRest(Word first)
    {
        var words = new List<Word> { first };
        var redirections = new List<Redirection>();
        while (true)
        {
            if (_token.Kind == TokenKind.Redirect)
            {
                redirections.Add(ParseRedirection());
            }
            else if (IsWordStart(_token, glueEquals: true))
            {
                words.Add(ParseWord(glueEquals: true));
            }
            else
            {
                return new SimpleCommand(words, redirections, first.Position);
            }
        }
    }

    private List<Word> ParseWordList(bool allowNewlines)
    {
        var words = new List<Word>();
        while (true)
        {
            if (allowNewlines)
            {
                SkipNewlines();
            }

            if (!IsWordStart(_token, glueEquals: true))
            {
                return words;
            }

            words.Add(ParseWord(glueEquals: true));
        }
    }

    /// <summary>
    /// Parses a word with its concatenations: explicit carets (blanks allowed around them) and rc's free
    /// carets, inserted when a literal, a quoted word or an unsubscripted <c>$name</c> is directly followed
    /// by a word, a quote, <c>$</c> or a backquote. After <c>)</c> and <c>}</c> no caret is inserted.
    /// </summary>
    /// <param name="glueEquals">Whether <c>=</c> counts as an ordinary character (everywhere but a command's first word).</param>
    private Word ParseWord(bool glueEquals)
    {
        EnterNesting();
        var first = ParseItem(glueEquals, out var caretable);
        List<Word>? parts = null;
        while (true)
        {
            Word next;
            if (_token.Kind == TokenKind.Caret)
            {
                Advance();
                if (!IsWordStart(_token, glueEquals))
                {
                    throw Error(_token, "expected word after '^'");
                }

                next = ParseItem(glueEquals, out caretable);
            }
            else if (_token.Adjacent && caretable && IsFreeCaretStart(_token, glueEquals))
            {
                next = ParseItem(glueEquals, out caretable);
            }
            else if (_token.Adjacent && caretable && _token.Kind == TokenKind.LeftParen)
            {
                throw Error(_token, "expected '^' or a blank before '('");
            }
            else
            {
                break;
            }

            parts ??= [first];
            parts.Add(next);
        }

        _depth--;
        return parts is null ? first : new ConcatenationWord(parts, first.Position);
    }

    private static bool IsFreeCaretStart(Token token, bool glueEquals) => token.Kind switch
    {
        TokenKind.Word or TokenKind.Dollar or TokenKind.Count or TokenKind.Flat or TokenKind.Backquote => true,
        TokenKind.Equals => glueEquals,
        _ => false,
    };

    /// <summary>Parses one word item; <paramref name="caretable"/> tells whether a free caret may follow it.</summary>
    private Word ParseItem(bool glueEquals, out bool caretable)
    {
        var token = _token;
        switch (token.Kind)
        {
            case TokenKind.Word:
                Advance();
                caretable = true;
                return new LiteralWord(token.Text, token.Quoted, token.Position);
            case TokenKind.Equals when glueEquals:
                Advance();
                caretable = true;
                return new LiteralWord("=", false, token.Position);
            case TokenKind.Dollar:
            {
                Advance();
                var name = ParseVariableName("$");
                if (_token.Kind == TokenKind.LeftParen && _token.Adjacent)
                {
                    Advance();
                    var subscript = ParseWordList(allowNewlines: true);
                    ExpectClose(TokenKind.RightParen, $"expected ')' to close '${DescribeName(name)}('");
                    caretable = false;
                    return new VariableWord(name, subscript, token.Position);
                }

                caretable = true;
                return new VariableWord(name, null, token.Position);
            }

            case TokenKind.Count:
                Advance();
                caretable = true;
                return new CountWord(ParseVariableName("$#"), token.Position);
            case TokenKind.Flat:
                Advance();
                caretable = true;
                return new FlatWord(ParseVariableName("$\""), token.Position);
            case TokenKind.Backquote:
                Advance();
                if (_token.Kind != TokenKind.LeftBrace)
                {
                    throw Error(_token, "expected '{' after '`'");
                }

                caretable = false;
                return new CommandSubstitutionWord(ParseBrace("`{"), token.Position);
            case TokenKind.LeftParen:
            {
                Advance();
                var items = ParseWordList(allowNewlines: true);
                ExpectClose(TokenKind.RightParen, "expected ')' to close '('");
                caretable = false;
                return new ListWord(items, token.Position);
            }

            default:
                throw Error(token, $"expected word, found {token.Describe()}");
        }
    }

    private static string DescribeName(Word name) => name switch
    {
        LiteralWord { Quoted: false } literal => literal.Text,
        LiteralWord literal => $"'{literal.Text.Replace("'", "''", StringComparison.Ordinal)}'",
        VariableWord inner => "$" + DescribeName(inner.Name),
        _ => "...",
    };

    private Word ParseVariableName(string op)
    {
        var token = _token;
        if (token.Kind == TokenKind.Word)
        {
            Advance();
            return new LiteralWord(token.Text, token.Quoted, token.Position);
        }

        if (token.Kind == TokenKind.Dollar)
        {
            EnterNesting();
            Advance();
            var inner = new VariableWord(ParseVariableName("$"), null, token.Position);
            _depth--;
            return inner;
        }

        throw Error(token, $"expected variable name after '{op}'");
    }
}
