using RadLine;
using Spectre.Console;

namespace Namespace.Nsh.LineEditing;

/// <summary>
/// The prompt: the current directory (shortened to its tail when long) and the number of pending
/// uploads when there are any, then <c>; </c>, as in <c>/tutorials; </c>. Continuation lines get an
/// indent instead. The text is computed on every redraw, so it follows <c>cd</c>.
/// </summary>
internal sealed class ReplPrompt(Func<string> currentDirectory, Func<int>? pendingUploads) : ILineEditorPrompt
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
        var text = Continuation || line > 0 ? ContinuationText : Text(currentDirectory(), SafePending());
        return (new Markup(Markup.Escape(text)), 0);
    }

    /// <summary>The main prompt's text for a directory and a number of pending uploads.</summary>
    public static string Text(string directory, int pending)
    {
        if (directory.Length > MaxDirectoryWidth) directory = "…" + directory[^(MaxDirectoryWidth - 1)..];
        return pending > 0 ? $"{directory} ({pending} pending); " : $"{directory}; ";
    }

    private int SafePending()
    {
        try
        {
            return pendingUploads?.Invoke() ?? 0;
        }
        catch (Exception)
        {
            return 0;
        }
    }
}
