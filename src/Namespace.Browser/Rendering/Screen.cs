using Namespace.Browser.State;
using Spectre.Console.Rendering;

namespace Namespace.Browser.Rendering;

/// <summary>One drawn frame: exactly <see cref="TerminalSize.Height"/> lines, each exactly <see cref="TerminalSize.Width"/> cells of styled segments.</summary>
/// <param name="Size">The terminal size drawn for.</param>
/// <param name="Lines">The lines, top to bottom; each a list of segments.</param>
public sealed record Screen(TerminalSize Size, IReadOnlyList<IReadOnlyList<Segment>> Lines)
{
    /// <summary>The text of one line, without styles.</summary>
    public string Line(int row) => string.Concat(Lines[row].Select(s => s.Text));

    /// <summary>The whole frame as plain text, one line per row, trailing blanks removed.</summary>
    public string ToText() => string.Join('\n', Enumerable.Range(0, Lines.Count).Select(r => Line(r).TrimEnd()));
}
