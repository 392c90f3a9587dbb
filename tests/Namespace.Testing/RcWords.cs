using System.Text;

namespace Namespace.Testing;

/// <summary>Splits one line into words by rc's quoting rules ('...' with '' for a quote), for checking ns output.</summary>
public static class RcWords
{
    public static List<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'')
            {
                inWord = true;
                for (i++; i < line.Length; i++)
                {
                    if (line[i] == '\'' && i + 1 < line.Length && line[i + 1] == '\'') { word.Append('\''); i++; }
                    else if (line[i] == '\'') break;
                    else word.Append(line[i]);
                }
                if (i >= line.Length) throw new FormatException("unterminated quote: " + line);
            }
            else if (c == ' ')
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
