using System.Globalization;
using Namespace.Caching;
using RadLine;
using Spectre.Console;

namespace Namespace.Nsh.LineEditing;

/// <summary>
/// The prompt: the current directory (shortened to its tail when long) and, when changes wait to reach their
/// origin, how many (<c>pending</c>, and apart those <c>failed</c> or in <c>conflict</c>, which wait for the user),
/// then <c>; </c>, as in <c>/tutorials; </c> or <c>/o (3 pending); </c>. Continuation lines get an indent instead.
/// The text is computed on every redraw, so it follows <c>cd</c>; the counts are kept by an <see cref="UploadQueueWatch"/>.
/// </summary>
internal sealed class ReplPrompt(Func<string> currentDirectory, Func<UploadQueueCounts>? uploads) : ILineEditorPrompt
{
    /// <summary>Directories longer than this are shown as <c>…</c> and their tail.</summary>
    public const int MaxDirectoryWidth = 32;

    /// <summary>What continuation lines show (an rc-style indent).</summary>
    public const string ContinuationText = "    ";

    /// <summary>True while reading a continuation line.</summary>
    public bool Continuation { get; set; }

    /// <inheritdoc />
    public (Markup Markup, int Margin) GetPrompt(ILineEditorState state, int line)
    {
        // RadLine adds the margin after the prompt; the prompt carries its own spacing.
        var text = Continuation || line > 0 ? ContinuationText : Text(currentDirectory(), uploads?.Invoke() ?? UploadQueueCounts.None);
        return (new Markup(Markup.Escape(text)), 0);
    }

    /// <summary>The main prompt's text for a directory and the upload queue.</summary>
    public static string Text(string directory, UploadQueueCounts uploads)
    {
        if (directory.Length > MaxDirectoryWidth) directory = "…" + directory[^(MaxDirectoryWidth - 1)..];
        var parts = new List<string>(3);
        if (uploads.Waiting > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{uploads.Waiting} pending"));
        if (uploads.Failed > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{uploads.Failed} failed"));
        if (uploads.Conflicts > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{uploads.Conflicts} {(uploads.Conflicts == 1 ? "conflict" : "conflicts")}"));
        return parts.Count > 0 ? $"{directory} ({string.Join(", ", parts)}); " : $"{directory}; ";
    }
}
