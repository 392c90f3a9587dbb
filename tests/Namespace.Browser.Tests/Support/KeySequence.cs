using Namespace.Browser.State;

namespace Namespace.Browser.Tests.Support;

/// <summary>Recorded key sequences: space-separated key names (Up, Down, PgDn, Enter, Bs, Esc, C-c...); any other word is typed character by character.</summary>
public static class KeySequence
{
    private static readonly Dictionary<string, BrowserKey> Named = new(StringComparer.Ordinal)
    {
        ["Up"] = new(ConsoleKey.UpArrow),
        ["Down"] = new(ConsoleKey.DownArrow),
        ["Left"] = new(ConsoleKey.LeftArrow),
        ["Right"] = new(ConsoleKey.RightArrow),
        ["PgUp"] = new(ConsoleKey.PageUp),
        ["PgDn"] = new(ConsoleKey.PageDown),
        ["Home"] = new(ConsoleKey.Home),
        ["End"] = new(ConsoleKey.End),
        ["Enter"] = new(ConsoleKey.Enter, '\r'),
        ["Bs"] = new(ConsoleKey.Backspace, '\x7f'),
        ["Esc"] = new(ConsoleKey.Escape, '\x1b'),
        ["Space"] = BrowserKey.Of(' '),
        ["C-c"] = new(ConsoleKey.C, '\x03', Control: true),
    };

    public static IEnumerable<BrowserKey> Parse(string keys)
    {
        foreach (var word in keys.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Named.TryGetValue(word, out var key)) yield return key;
            else foreach (var c in word) yield return BrowserKey.Of(c);
        }
    }
}
