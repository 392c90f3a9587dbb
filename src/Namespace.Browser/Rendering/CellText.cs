using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Namespace.Browser.Rendering;

/// <summary>
/// Text as terminal cells: names made safe to show (control and format characters become visible
/// symbols, so no name can move the cursor, recolour the screen or reorder a line), measured in cells,
/// clipped and padded. Text goes to the terminal as plain segments, never through markup, so
/// <c>[red]</c> or <c>:smile:</c> in a name is shown as written.
/// </summary>
public static class CellText
{
    private const char Ellipsis = '…';

    /// <summary>
    /// The visible form of <paramref name="text"/>: C0 controls as their Unicode control pictures
    /// (<c>␛</c>, <c>␊</c>), DEL as <c>␡</c>, C1 controls and invisible format characters (bidirectional
    /// overrides, zero-width characters) as <c>&lt;U+202E&gt;</c>. Tabs become a space.
    /// </summary>
    public static string Escape(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                clean = false;
                break;
            }
        }
        if (clean) return text;
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!NeedsEscape(c)) builder.Append(c);
            else if (c == '\t') builder.Append(' ');
            else if (c < ' ') builder.Append((char)(0x2400 + c));
            else if (c == '\x7f') builder.Append('\u2421');
            else builder.Append(CultureInfo.InvariantCulture, $"<U+{(int)c:X4}>");
        }
        return builder.ToString();
    }

    /// <summary>Cells <paramref name="text"/> takes on a terminal (wide characters take two).</summary>
    public static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes()) width += Width(rune);
        return width;
    }

    /// <summary>
    /// <paramref name="text"/>, escaped, in exactly <paramref name="width"/> cells: clipped with <c>…</c>
    /// when longer, padded with spaces (on the left when <paramref name="alignRight"/>) when shorter.
    /// </summary>
    public static string Fit(string text, int width, bool alignRight = false)
    {
        if (width <= 0) return "";
        text = Escape(text);
        var cells = Width(text);
        if (cells <= width)
        {
            var pad = new string(' ', width - cells);
            return alignRight ? pad + text : text + pad;
        }
        var builder = new StringBuilder(width);
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = Width(rune);
            if (used + w > width - 1) break;
            builder.Append(rune.ToString());
            used += w;
        }
        builder.Append(Ellipsis);
        used++;
        return builder.Append(' ', width - used).ToString();
    }

    /// <summary>Like <see cref="Fit"/>, but clips the start (<c>…/deep/path</c>), for paths whose end matters most.</summary>
    public static string FitEnd(string text, int width)
    {
        if (width <= 0) return "";
        text = Escape(text);
        var cells = Width(text);
        if (cells <= width) return text + new string(' ', width - cells);
        var runes = text.EnumerateRunes().ToArray();
        var used = 1;
        var start = runes.Length;
        while (start > 0 && used + Width(runes[start - 1]) <= width)
        {
            start--;
            used += Width(runes[start]);
        }
        var builder = new StringBuilder(width).Append(Ellipsis);
        for (var i = start; i < runes.Length; i++) builder.Append(runes[i].ToString());
        return builder.Append(' ', width - used).ToString();
    }

    private static bool NeedsEscape(char c) =>
        c < ' ' || c is >= '\x7f' and <= '\x9f'
        || (c > '\x9f' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    private static int Width(Rune rune)
    {
        if (rune.IsBmp) return Math.Max(0, ((char)rune.Value).GetCellWidth());
        // Outside the BMP: emoji and the CJK extensions are wide, the rest one cell.
        return rune.Value is >= 0x1F000 and <= 0x1FAFF or >= 0x20000 and <= 0x3FFFD ? 2 : 1;
    }
}
