using System.Text;

namespace Namespace.Core.Namespaces;

/// <summary>Quotes words the way rc reads them back: <c>'...'</c> with <c>''</c> for a quote.</summary>
public static class RcQuote
{
    /// <summary>The word unchanged when rc would read it as one plain word, else quoted.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsSafe)) return word;
        var sb = new StringBuilder(word.Length + 2).Append('\'');
        foreach (var c in word) sb.Append(c == '\'' ? "''" : c);
        return sb.Append('\'').ToString();
    }

    private static bool IsSafe(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '.' or '/' or ':' or ',' or '+' or '@' or '%' or '-';
}
