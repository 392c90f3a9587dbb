using Namespace.Core.Namespaces;
using Namespace.Shell.Execution;

namespace Namespace.Nsh.LineEditing;

/// <summary>What Tab can put in place of the word before the cursor.</summary>
/// <param name="Start">Where the word starts in the line.</param>
/// <param name="Word">The word as typed (quotes included), from <paramref name="Start"/> to the cursor.</param>
/// <param name="Value">The word's value (quotes removed).</param>
/// <param name="Candidates">Full values that could replace it, sorted; directories end in <c>/</c>.</param>
/// <param name="Quoted">Whether the word was typed in quotes.</param>
internal sealed record ReplCompletion(int Start, string Word, string Value, IReadOnlyList<string> Candidates, bool Quoted)
{
    /// <summary>Nothing to offer.</summary>
    public static ReplCompletion None { get; } = new(0, string.Empty, string.Empty, [], false);

    /// <summary>
    /// The text that replaces <see cref="Word"/> for <paramref name="value"/>: quoted the way rc reads it back
    /// when it has to be (or the word already was); <paramref name="final"/> closes the quote.
    /// </summary>
    public string Render(string value, bool final)
    {
        if (!Quoted && RcQuote.Quote(value) == value) return value;
        var quoted = "'" + value.Replace("'", "''", StringComparison.Ordinal);
        return final ? quoted + "'" : quoted;
    }

    /// <summary>The longest prefix all candidates share.</summary>
    public string CommonPrefix()
    {
        if (Candidates.Count == 0) return string.Empty;
        var prefix = Candidates[0];
        foreach (var c in Candidates.Skip(1))
        {
            var n = 0;
            while (n < prefix.Length && n < c.Length && prefix[n] == c[n]) n++;
            prefix = prefix[..n];
        }
        return prefix;
    }
}

/// <summary>
/// Tab completion for nsh: builtin and function names where a command starts, namespace paths
/// elsewhere (relative to the current directory too). Never throws: a failing listing offers nothing.
/// </summary>
internal sealed class ReplCompleter(ShellSession session)
{
    /// <summary>At most this many entries of one directory are considered.</summary>
    public const int MaxEntries = 5000;

    /// <summary>What can complete the word that ends at <paramref name="cursor"/> in <paramref name="line"/>.</summary>
    public async Task<ReplCompletion> CompleteAsync(string line, int cursor, CancellationToken cancellationToken = default)
    {
        try
        {
            cursor = Math.Clamp(cursor, 0, line.Length);
            var (start, quoted) = FindWord(line, cursor);
            var word = line[start..cursor];
            var value = Unquote(word);
            // Variables, substitutions and patterns are the shell's to expand, not ours.
            if (!quoted && value.IndexOfAny(['$', '`', '*', '?', '[', '#']) >= 0) return ReplCompletion.None;
            var candidates = IsCommandPosition(line[..start]) && !value.Contains('/')
                ? CommandNames(value)
                : await PathsAsync(value, cancellationToken).ConfigureAwait(false);
            return new ReplCompletion(start, word, value, candidates, quoted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ReplCompletion.None;
        }
    }

    private List<string> CommandNames(string prefix) =>
        session.Builtins.Keys.Concat(session.Functions.Keys)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private async Task<List<string>> PathsAsync(string value, CancellationToken cancellationToken)
    {
        var slash = value.LastIndexOf('/');
        var directory = value[..(slash + 1)];
        var name = value[(slash + 1)..];
        var result = new List<string>();
        var seen = 0;
        await foreach (var entry in session.Os.ListAsync(directory.Length == 0 ? "." : directory, cancellationToken).ConfigureAwait(false))
        {
            if (++seen > MaxEntries) break;
            if (!entry.Name.StartsWith(name, StringComparison.Ordinal)) continue;
            if (name.Length == 0 && entry.Name.StartsWith('.')) continue;
            result.Add(directory + entry.Name + (entry.IsDirectory ? "/" : ""));
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    // The word before the cursor starts after the last unquoted blank or rc punctuation.
    private static (int Start, bool Quoted) FindWord(string line, int cursor)
    {
        var start = 0;
        var quoted = false;
        var inQuote = false;
        for (var i = 0; i < cursor; i++)
        {
            var c = line[i];
            if (inQuote)
            {
                if (c == '\'') inQuote = false;
                continue;
            }
            if (c == '\'')
            {
                inQuote = true;
                if (i == start) quoted = true;
                continue;
            }
            if (char.IsWhiteSpace(c) || c is ';' or '&' or '|' or '(' or ')' or '{' or '}' or '<' or '>' or '=' or '^' or '!')
            {
                start = i + 1;
                quoted = false;
            }
        }
        return (start, quoted);
    }

    // The value of a word as typed: quotes removed, '' inside quotes is one quote (an unclosed quote is fine).
    private static string Unquote(string word)
    {
        if (!word.Contains('\'')) return word;
        var sb = new System.Text.StringBuilder(word.Length);
        var inQuote = false;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c != '\'')
            {
                sb.Append(c);
                continue;
            }
            if (inQuote && i + 1 < word.Length && word[i + 1] == '\'')
            {
                sb.Append('\'');
                i++;
                continue;
            }
            inQuote = !inQuote;
        }
        return sb.ToString();
    }

    // A command starts at the beginning of the line and after ; & | { } ) ! and the openings of if(, while( and if not.
    private static bool IsCommandPosition(string before)
    {
        var text = before.TrimEnd();
        if (text.Length == 0) return true;
        if (text[^1] is ';' or '&' or '|' or '{' or '}' or ')' or '!') return true;
        if (text[^1] == '(')
        {
            var head = text[..^1].TrimEnd();
            return EndsWithWord(head, "if") || EndsWithWord(head, "while");
        }
        return EndsWithWord(text, "not") && EndsWithWord(text[..^3].TrimEnd(), "if");
    }

    private static bool EndsWithWord(string text, string word) =>
        text.EndsWith(word, StringComparison.Ordinal)
        && (text.Length == word.Length || char.IsWhiteSpace(text[^(word.Length + 1)]) || text[^(word.Length + 1)] is ';' or '{' or '&' or '|');
}
