using System.Globalization;
using Namespace.Browser.State;
using Namespace.Caching;
using Namespace.Core.Providers;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Namespace.Browser.Rendering;

/// <summary>Draws a <see cref="BrowserState"/> as a <see cref="Screen"/>: a pure function of the state and the terminal size.</summary>
public static class BrowserRender
{
    private const int SizeWidth = 7;
    private const int TimeWidth = 16;
    private const int StateWidth = 9;
    private const int Marker = 2;

    private static readonly Style Header = new(decoration: Decoration.Invert | Decoration.Bold);
    private static readonly Style Titles = new(decoration: Decoration.Bold);
    private static readonly Style Cursor = new(decoration: Decoration.Invert);
    private static readonly Style Directory = new(Color.Blue, decoration: Decoration.Bold);
    private static readonly Style Dim = new(decoration: Decoration.Dim);
    private static readonly Style KeyName = new(decoration: Decoration.Bold | Decoration.Invert);

    private static readonly (string Key, string What)[] Keys =
    [
        ("q", "quit"), ("/", "filter"), ("→", "open"), ("←", "up"), ("r", "revalidate"), ("p", "purge"),
        ("f", "flush"), ("n", "namespace"), ("↑↓ PgUp PgDn Home End", "move"),
    ];

    /// <summary>The frame for <paramref name="state"/> on a terminal of <paramref name="size"/>.</summary>
    public static Screen Render(BrowserState state, TerminalSize size)
    {
        var layout = BrowserLayout.For(size);
        var lines = new List<IReadOnlyList<Segment>>(size.Height);
        if (layout.TooSmall)
        {
            var text = $"terminal too small: {size} (needs {BrowserLayout.Minimum}); q quits";
            for (var row = 0; row < size.Height; row++)
                lines.Add(row == 0 ? [new Segment(CellText.Fit(text, size.Width))] : [new Segment(new string(' ', Math.Max(0, size.Width)))]);
            return new Screen(size, lines);
        }

        lines.Add(HeaderLine(state, size.Width));
        var listing = ListingLines(state, layout);
        var second = SecondPane(state, layout);
        if (layout.SideBySide)
        {
            for (var row = 0; row < listing.Count; row++)
                lines.Add([.. listing[row], new Segment("│", Dim), .. second[row]]);
        }
        else
        {
            lines.AddRange(listing);
            lines.AddRange(second);
        }
        lines.Add(StatusLine(state, size.Width));
        lines.Add(KeysLine(size.Width));
        return new Screen(size, lines);
    }

    // The path and, while changes wait to reach their origin, the upload queue by state (the short form when the path would
    // keep too few cells).
    private static Segment[] HeaderLine(BrowserState state, int width)
    {
        var left = " nsh browse  ";
        var right = Uploads(state.Uploads);
        if (right.Length > 0 && width - left.Length - right.Length < 12) right = string.Create(CultureInfo.InvariantCulture, $" uploads: {state.Uploads.Total} ");
        var path = CellText.FitEnd(state.Path.Value, width - left.Length - right.Length);
        return [new Segment(left + path + right, Header)];
    }

    private static string Uploads(UploadQueueCounts uploads)
    {
        if (uploads.Total == 0) return "";
        var parts = new List<string>(4);
        if (uploads.Pending > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{uploads.Pending} pending"));
        if (uploads.Uploading > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{uploads.Uploading} uploading"));
        if (uploads.Failed > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{uploads.Failed} failed"));
        if (uploads.Conflicts > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{uploads.Conflicts} {(uploads.Conflicts == 1 ? "conflict" : "conflicts")}"));
        return " uploads: " + string.Join(", ", parts) + " ";
    }

    // The column titles and the rows of entries (the titles row first).
    private static List<Segment[]> ListingLines(BrowserState state, BrowserLayout layout)
    {
        var columns = Columns.For(layout.ListingWidth);
        var lines = new List<Segment[]>(layout.ListingRows + 1);
        lines.Add([new Segment(columns.Titles(), Titles)]);
        var visible = state.Visible;
        var rows = layout.ListingRows;
        var top = Math.Clamp(state.Top, Math.Max(0, state.Cursor - rows + 1), Math.Max(0, state.Cursor));
        string? note = state.ListingError is { } error ? "error: " + error
            : visible.Count > 0 ? null
            : state.Loading ? "(reading...)"
            : state.Entries.Count > 0 ? "(no names match the filter)"
            : "(empty directory)";
        for (var row = 0; row < rows; row++)
        {
            var index = top + row;
            if (note is not null)
                lines.Add(row == 0 ? [new Segment(CellText.Fit("  " + note, layout.ListingWidth), Dim)] : [Blank(layout.ListingWidth)]);
            else if (index < visible.Count)
                lines.Add(columns.Row(visible[index], index == state.Cursor));
            else
                lines.Add([Blank(layout.ListingWidth)]);
        }
        return lines;
    }

    // The preview (or namespace) pane: in side-by-side mode its title shares the column-titles row.
    private static List<Segment[]> SecondPane(BrowserState state, BrowserLayout layout)
    {
        var width = layout.PreviewWidth;
        string title;
        IReadOnlyList<string> body;
        if (state.View == BrowserView.Namespace)
        {
            title = "namespace (n: back to the preview)";
            body = state.NamespaceLines;
        }
        else
        {
            title = state.Selected is { } selected ? "preview: " + selected.Name : "preview";
            body = state.Preview?.Lines ?? (state.Selected is null ? [] : ["(reading...)"]);
        }
        var lines = new List<Segment[]>(layout.PreviewRows + 1);
        lines.Add(layout.SideBySide
            ? [new Segment(CellText.Fit(" " + title, width), Titles)]
            : [new Segment(Rule(title, width), Titles)]);
        for (var row = 0; row < layout.PreviewRows; row++)
            lines.Add(row < body.Count ? [new Segment(CellText.Fit(" " + body[row], width))] : [Blank(width)]);
        return lines;
    }

    // "── title ─────" across the pane (the title clipped when it has to be).
    private static string Rule(string title, int width)
    {
        var text = CellText.Fit("── " + title + " ", Math.Max(0, width - 2)).TrimEnd() + " ";
        return text + new string('─', Math.Max(0, width - CellText.Width(text)));
    }

    private static Segment[] StatusLine(BrowserState state, int width)
    {
        var position = state.Visible.Count == 0 ? "0/0" : $"{state.Cursor + 1}/{state.Visible.Count}";
        if (state.Filter.Length > 0 || state.EditingFilter) position += $" of {state.Entries.Count}";
        var right = " " + position + " ";
        string left;
        if (state.EditingFilter) left = " filter: " + CellText.Escape(state.Filter) + "▌  (⏎ keeps it, Esc clears)";
        else if (state.Message is { } message) left = " " + message;
        else if (state.Filter.Length > 0) left = " filter: " + CellText.Escape(state.Filter) + "  (/ edits, Esc clears)";
        else left = "";
        var leftWidth = Math.Max(0, width - CellText.Width(right));
        return [new Segment(CellText.Fit(left, leftWidth)), new Segment(CellText.Fit(right, width - leftWidth, alignRight: true), Dim)];
    }

    private static Segment[] KeysLine(int width)
    {
        var segments = new List<Segment>();
        var used = 0;
        foreach (var (key, what) in Keys)
        {
            var keyCells = CellText.Width(key);
            var cells = 1 + keyCells + 1 + what.Length + 1;
            if (used + cells > width) break;
            segments.Add(new Segment(" "));
            segments.Add(new Segment(key, KeyName));
            segments.Add(new Segment(" " + what + " "));
            used += cells;
        }
        segments.Add(Blank(width - used));
        return [.. segments];
    }

    // An element label clipped in the middle, keeping its type and the end of its source: local:…/tutorials.
    private static string Element(string label, int width)
    {
        var colon = label.IndexOf(':', StringComparison.Ordinal);
        if (CellText.Width(CellText.Escape(label)) <= width || colon < 0 || colon + 1 > width / 2) return CellText.Fit(label, width);
        return CellText.Escape(label[..(colon + 1)]) + CellText.FitEnd(label[(colon + 1)..], width - colon - 1);
    }

    private static Segment Blank(int width) => new(new string(' ', Math.Max(0, width)));

    private static Style StateStyle(CacheState state) => state switch
    {
        CacheState.Fresh => new Style(Color.Green),
        CacheState.Stale => new Style(Color.Yellow),
        CacheState.Dirty or CacheState.Uploading => new Style(Color.Magenta1),
        CacheState.Conflict => new Style(Color.Red, decoration: Decoration.Bold),
        _ => Dim,
    };

    // Listing columns for a pane width: the name takes what the fixed columns leave; the serving
    // element, then the time, give way on narrow panes (the preview still shows them).
    private sealed record Columns(int Name, bool Time, int ServedBy)
    {
        public static Columns For(int width)
        {
            var fixedCells = Marker + 1 + SizeWidth + 1 + TimeWidth + 1 + StateWidth;
            var rest = width - fixedCells;
            if (rest >= 24)
            {
                var servedBy = Math.Clamp(rest * 2 / 5, 12, 30);
                return new Columns(rest - 1 - servedBy, true, servedBy);
            }
            if (rest >= 8) return new Columns(rest, true, 0);
            return new Columns(Math.Max(1, rest + 1 + TimeWidth), false, 0);
        }

        public string Titles()
        {
            var text = "  " + CellText.Fit("NAME", Name) + " " + CellText.Fit("SIZE", SizeWidth, alignRight: true)
                + (Time ? " " + CellText.Fit("MODIFIED (UTC)", TimeWidth) : "") + " " + CellText.Fit("STATE", StateWidth)
                + (ServedBy > 0 ? " " + CellText.Fit("SERVED BY", ServedBy) : "");
            return text;
        }

        public Segment[] Row(NsEntry entry, bool selected)
        {
            var name = CellText.Fit(entry.IsDirectory ? entry.Name + "/" : entry.Name, Name);
            var size = " " + CellText.Fit(EntryText.Size(entry), SizeWidth, alignRight: true);
            var time = Time ? " " + EntryText.Time(entry.ModifiedUtc) : "";
            var state = " " + CellText.Fit(NsEntryText.State(entry.Cache), StateWidth);
            var servedBy = ServedBy > 0 ? " " + Element(entry.ServedBy, ServedBy) : "";
            if (selected) return [new Segment("> " + name + size + time + state + servedBy, Cursor)];
            return
            [
                new Segment("  "),
                new Segment(name, entry.IsDirectory ? Directory : Style.Plain),
                new Segment(size + time),
                new Segment(state, StateStyle(entry.Cache)),
                new Segment(servedBy, Dim),
            ];
        }
    }
}
