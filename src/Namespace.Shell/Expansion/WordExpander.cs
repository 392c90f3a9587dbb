using System.Globalization;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Expansion;

/// <summary>
/// Expands words to lists of strings with rc's rules. Concatenation (<c>^</c> or a free caret) pairs
/// equal-length lists element by element and distributes a one-element list over the other; an empty operand
/// next to a non-empty one is <c>null list in concatenation</c>, two lists of other different lengths are
/// <c>mismatched list lengths in concatenation</c>, and two empty lists give the empty list. <c>$x</c> of an
/// unset variable is the empty list; <c>$#x</c> counts; <c>$"x</c> joins with single spaces; <c>$x(2)</c> is
/// 1-based and an index out of range (or not a number) gives nothing; <c>$x(2-3)</c> and <c>$x(2-)</c> are
/// ranges. Command substitution output is split on the characters of <c>$ifs</c> (space, tab and newline by
/// default). Unquoted <c>*</c>, <c>?</c> and <c>[</c> make a glob word, which the glob callback expands; when
/// it finds nothing the word stays as written. Variable values and substituted output are never globbed.
/// The expander itself holds no mutable state.
/// </summary>
public sealed class WordExpander
{
    private const string DefaultSeparators = " \t\n";

    private readonly IShellVariables _variables;
    private readonly Func<BlockCommand, CancellationToken, ValueTask<string>>? _substitute;
    private readonly Func<ShellPattern, CancellationToken, ValueTask<IReadOnlyList<string>>>? _glob;

    /// <summary>Creates an expander.</summary>
    /// <param name="variables">Where variables are read.</param>
    /// <param name="commandSubstitution">
    /// Runs the block of a <c>`{...}</c> and returns its standard output; null when substitution is not available
    /// (then a substitution is an expansion error).
    /// </param>
    /// <param name="glob">
    /// Returns the names matching a glob pattern (in any order: the expander sorts them ordinally, as rc does);
    /// an empty list leaves the word as written. Null to never glob.
    /// </param>
    public WordExpander(
        IShellVariables variables,
        Func<BlockCommand, CancellationToken, ValueTask<string>>? commandSubstitution = null,
        Func<ShellPattern, CancellationToken, ValueTask<IReadOnlyList<string>>>? glob = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = variables;
        _substitute = commandSubstitution;
        _glob = glob;
    }

    /// <summary>
    /// Splits command output into words at any run of <paramref name="separators"/>, dropping empty words,
    /// as rc does for <c>`{...}</c>.
    /// </summary>
    /// <param name="output">The output.</param>
    /// <param name="separators">The separator characters, such as the default space, tab and newline.</param>
    /// <returns>The words.</returns>
    public static IReadOnlyList<string> SplitOutput(string output, string separators)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(separators);
        return output.Split(separators.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Expands one word fully, globbing included (command arguments, redirection targets, for lists).</summary>
    /// <param name="word">The word.</param>
    /// <param name="cancellationToken">Cancels command substitutions and globbing.</param>
    /// <returns>The strings.</returns>
    /// <exception cref="ShellExpansionException">A concatenation or variable name is invalid.</exception>
    public ValueTask<IReadOnlyList<string>> ExpandAsync(Word word, CancellationToken cancellationToken = default) =>
        ExpandAsync([word], cancellationToken);

    /// <summary>Expands words fully, globbing included, and concatenates their lists (a command line).</summary>
    /// <param name="words">The words, in order.</param>
    /// <param name="cancellationToken">Cancels command substitutions and globbing.</param>
    /// <returns>The strings.</returns>
    /// <exception cref="ShellExpansionException">A concatenation or variable name is invalid.</exception>
    public ValueTask<IReadOnlyList<string>> ExpandAsync(IEnumerable<Word> words, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(words);
        // Most command lines are plain words: expand them here, with no async state machine to run (or JIT at start-up).
        if (words is IReadOnlyList<Word> list && TryExpandPlain(list, cancellationToken) is { } plain)
        {
            return new ValueTask<IReadOnlyList<string>>(plain);
        }

        return ExpandAnyAsync(words, cancellationToken);
    }

    // The expansion of literal words none of which has an unquoted wildcard; null when some word needs more.
    private static List<string>? TryExpandPlain(IReadOnlyList<Word> words, CancellationToken cancellationToken)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is not LiteralWord literal || (!literal.Quoted && ShellPattern.HasWildcard(literal.Text)))
            {
                return null;
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return null; // the async path throws, into the task, as callers expect
        }

        var result = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            result.Add(((LiteralWord)words[i]).Text);
        }

        return result;
    }

    private async ValueTask<IReadOnlyList<string>> ExpandAnyAsync(IEnumerable<Word> words, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var word in words)
        {
            foreach (var fragment in await EvaluateAsync(word, cancellationToken).ConfigureAwait(false))
            {
                await AppendGlobbedAsync(fragment, result, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    /// <summary>Expands words without globbing (the subject of <c>~</c>, for example).</summary>
    /// <param name="words">The words, in order.</param>
    /// <param name="cancellationToken">Cancels command substitutions.</param>
    /// <returns>The strings.</returns>
    /// <exception cref="ShellExpansionException">A concatenation or variable name is invalid.</exception>
    public async ValueTask<IReadOnlyList<string>> ExpandWithoutGlobbingAsync(
        IEnumerable<Word> words,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(words);
        var result = new List<string>();
        foreach (var word in words)
        {
            foreach (var fragment in await EvaluateAsync(word, cancellationToken).ConfigureAwait(false))
            {
                result.Add(fragment.Text);
            }
        }

        return result;
    }

    /// <summary>
    /// Expands words into patterns that remember which characters were unquoted, for <c>~</c> and
    /// <c>switch</c>/<c>case</c>: nothing is globbed against files.
    /// </summary>
    /// <param name="words">The words, in order.</param>
    /// <param name="cancellationToken">Cancels command substitutions.</param>
    /// <returns>The patterns.</returns>
    /// <exception cref="ShellExpansionException">A concatenation or variable name is invalid.</exception>
    public async ValueTask<IReadOnlyList<ShellPattern>> ExpandPatternsAsync(
        IEnumerable<Word> words,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(words);
        var result = new List<ShellPattern>();
        foreach (var word in words)
        {
            foreach (var fragment in await EvaluateAsync(word, cancellationToken).ConfigureAwait(false))
            {
                result.Add(fragment.ToPattern());
            }
        }

        return result;
    }

    private async ValueTask AppendGlobbedAsync(Fragment fragment, List<string> result, CancellationToken cancellationToken)
    {
        if (_glob is null || fragment.Unquoted is null)
        {
            result.Add(fragment.Text);
            return;
        }

        // Most words have no wildcard: say so without compiling a pattern.
        if (!ShellPattern.HasUnquotedWildcard(fragment.Text, fragment.Unquoted))
        {
            result.Add(fragment.Text);
            return;
        }

        var pattern = fragment.ToPattern();
        if (!pattern.HasWildcards)
        {
            result.Add(fragment.Text);
            return;
        }

        var matches = await _glob(pattern, cancellationToken).ConfigureAwait(false);
        if (matches.Count == 0)
        {
            result.Add(fragment.Text);
            return;
        }

        result.AddRange(matches.Order(StringComparer.Ordinal));
    }

    private async ValueTask<List<Fragment>> EvaluateAsync(Word word, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (word)
        {
            case LiteralWord literal:
                return [literal.Quoted ? Fragment.Quoted(literal.Text) : Fragment.Bare(literal.Text)];
            case VariableWord variable:
            {
                var values = Lookup(await NameAsync(variable.Name, cancellationToken).ConfigureAwait(false));
                if (variable.Subscript is not null)
                {
                    var indices = await ExpandWithoutGlobbingAsync(variable.Subscript, cancellationToken).ConfigureAwait(false);
                    values = Subscript(values, indices);
                }

                return QuotedAll(values);
            }

            case CountWord count:
            {
                var values = Lookup(await NameAsync(count.Name, cancellationToken).ConfigureAwait(false));
                return [Fragment.Quoted(values.Count.ToString(CultureInfo.InvariantCulture))];
            }

            case FlatWord flat:
            {
                var values = Lookup(await NameAsync(flat.Name, cancellationToken).ConfigureAwait(false));
                return [Fragment.Quoted(string.Join(' ', values))];
            }

            case ListWord list:
            {
                var result = new List<Fragment>();
                foreach (var item in list.Items)
                {
                    result.AddRange(await EvaluateAsync(item, cancellationToken).ConfigureAwait(false));
                }

                return result;
            }

            case ConcatenationWord concatenation:
            {
                var left = await EvaluateAsync(concatenation.Parts[0], cancellationToken).ConfigureAwait(false);
                for (var i = 1; i < concatenation.Parts.Count; i++)
                {
                    var part = concatenation.Parts[i];
                    var right = await EvaluateAsync(part, cancellationToken).ConfigureAwait(false);
                    left = Concatenate(left, right, part.Position);
                }

                return left;
            }

            case CommandSubstitutionWord substitution:
            {
                if (_substitute is null)
                {
                    throw new ShellExpansionException(substitution.Position, "command substitution is not available here");
                }

                var output = await _substitute(substitution.Body, cancellationToken).ConfigureAwait(false);
                var separators = string.Concat(_variables.Get("ifs"));
                var words = SplitOutput(output, separators.Length == 0 ? DefaultSeparators : separators);
                return QuotedAll(words);
            }

            default:
                throw new ArgumentException($"unknown word node {word.GetType().Name}", nameof(word));
        }
    }

    // A loop, not Select/ToList: EvaluateAsync is on every command's path and need not load System.Linq.
    private static List<Fragment> QuotedAll(IReadOnlyList<string> values)
    {
        var result = new List<Fragment>(values.Count);
        foreach (var value in values) result.Add(Fragment.Quoted(value));
        return result;
    }

    private static List<Fragment> Concatenate(List<Fragment> left, List<Fragment> right, SourcePosition position)
    {
        if (left.Count == 0 && right.Count == 0)
        {
            return left;
        }

        if (left.Count == 0 || right.Count == 0)
        {
            throw new ShellExpansionException(position, ShellExpansionException.NullListInConcatenation);
        }

        if (left.Count != 1 && right.Count != 1 && left.Count != right.Count)
        {
            throw new ShellExpansionException(position, ShellExpansionException.MismatchedListLengths);
        }

        var count = Math.Max(left.Count, right.Count);
        var result = new List<Fragment>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(Fragment.Join(left[left.Count == 1 ? 0 : i], right[right.Count == 1 ? 0 : i]));
        }

        return result;
    }

    private async ValueTask<string> NameAsync(Word name, CancellationToken cancellationToken)
    {
        if (name is LiteralWord literal)
        {
            return literal.Text;
        }

        var values = await EvaluateAsync(name, cancellationToken).ConfigureAwait(false);
        if (values.Count != 1)
        {
            throw new ShellExpansionException(name.Position, ShellExpansionException.VariableNameNotSingleton);
        }

        return values[0].Text;
    }

    /// <summary>Reads a variable; a positive number names an element of <c>$*</c>, as in rc.</summary>
    private IReadOnlyList<string> Lookup(string name)
    {
        if (name.Length > 0 && name.All(char.IsAsciiDigit) && name.TrimStart('0').Length > 0)
        {
            var arguments = _variables.Get("*");
            return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= arguments.Count
                ? [arguments[index - 1]]
                : [];
        }

        return _variables.Get(name);
    }

    private static List<string> Subscript(IReadOnlyList<string> values, IReadOnlyList<string> indices)
    {
        var result = new List<string>();
        foreach (var index in indices)
        {
            var dash = index.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (TryIndex(index, out var single) && single <= values.Count)
                {
                    result.Add(values[single - 1]);
                }

                continue;
            }

            if (!TryIndex(index[..dash], out var from))
            {
                continue;
            }

            var to = values.Count;
            if (dash + 1 < index.Length && !TryIndex(index[(dash + 1)..], out to))
            {
                continue;
            }

            for (var i = from; i <= Math.Min(to, values.Count); i++)
            {
                result.Add(values[i - 1]);
            }
        }

        return result;
    }

    /// <summary>Parses a positive decimal index; huge numbers saturate so they are simply out of range.</summary>
    private static bool TryIndex(string text, out int index)
    {
        index = 0;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        index = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : int.MaxValue;
        return index >= 1;
    }

    /// <summary>One string under construction, with which characters were unquoted (null: none).</summary>
    // A class, not a struct: List<Fragment> then shares the framework's precompiled code for reference types
    // instead of being JIT-compiled at start-up.
    private sealed class Fragment(string text, bool[]? unquoted)
    {
        public string Text { get; } = text;

        public bool[]? Unquoted { get; } = unquoted;

        public static Fragment Quoted(string text) => new(text, null);

        public static Fragment Bare(string text)
        {
            if (text.Length == 0) return new(text, null);
            var unquoted = new bool[text.Length];
            for (var i = 0; i < unquoted.Length; i++) unquoted[i] = true;
            return new(text, unquoted);
        }

        public static Fragment Join(Fragment left, Fragment right)
        {
            if (left.Unquoted is null && right.Unquoted is null)
            {
                return new Fragment(left.Text + right.Text, null);
            }

            var flags = new bool[left.Text.Length + right.Text.Length];
            left.Unquoted?.CopyTo(flags, 0);
            right.Unquoted?.CopyTo(flags, left.Text.Length);
            return new Fragment(left.Text + right.Text, flags);
        }

        public ShellPattern ToPattern() => new(Text, Unquoted ?? new bool[Text.Length]);
    }
}
