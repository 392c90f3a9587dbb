using RadLine;

namespace Namespace.Nsh.LineEditing;

/// <summary>What ended a read besides Enter.</summary>
internal sealed class ReadOutcome
{
    /// <summary>Set when Ctrl+D was pressed on an empty line.</summary>
    public bool EndOfInput { get; set; }
}

/// <summary>Ctrl+D: end of input on an empty line, else delete the character under the cursor.</summary>
internal sealed class EndOfInputCommand(ReadOutcome outcome) : LineEditorCommand
{
    /// <inheritdoc />
    public override void Execute(LineEditorContext context)
    {
        if (context.Buffer.Length == 0)
        {
            outcome.EndOfInput = true;
            context.Submit(SubmitAction.Cancel);
            return;
        }
        if (!context.Buffer.AtEnd) context.Buffer.Clear(context.Buffer.Position, 1);
    }
}

/// <summary>Ctrl+U: delete from the start of the line to the cursor.</summary>
internal sealed class KillToStartCommand : LineEditorCommand
{
    /// <inheritdoc />
    public override void Execute(LineEditorContext context)
    {
        var position = context.Buffer.Position;
        if (position == 0) return;
        context.Buffer.Clear(0, position);
        context.Buffer.Move(0);
    }
}

/// <summary>Ctrl+K: delete from the cursor to the end of the line.</summary>
internal sealed class KillToEndCommand : LineEditorCommand
{
    /// <inheritdoc />
    public override void Execute(LineEditorContext context)
    {
        var buffer = context.Buffer;
        if (!buffer.AtEnd) buffer.Clear(buffer.Position, buffer.Length - buffer.Position);
    }
}

/// <summary>Ctrl+W: delete the word before the cursor (and the blanks after it).</summary>
internal sealed class DeleteWordBackCommand : LineEditorCommand
{
    /// <inheritdoc />
    public override void Execute(LineEditorContext context)
    {
        var buffer = context.Buffer;
        var end = buffer.Position;
        var start = end;
        while (start > 0 && char.IsWhiteSpace(buffer.Content[start - 1])) start--;
        while (start > 0 && !char.IsWhiteSpace(buffer.Content[start - 1])) start--;
        if (start == end) return;
        buffer.Clear(start, end - start);
        buffer.Move(start);
    }
}

/// <summary>
/// Tab: a single candidate replaces the word (a space follows unless it is a directory); several
/// candidates extend the word to what they share, and a Tab that cannot extend it lists them.
/// Completion runs synchronously (RadLine's commands are) with a time limit, and never throws.
/// </summary>
internal sealed class CompleteCommand(ReplCompleter completer, TextWriter terminal, Func<int> width) : LineEditorCommand
{
    /// <summary>How long a listing may take before completion gives up.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(2);

    /// <summary>At most this many candidates are listed.</summary>
    public const int MaxListed = 60;

    /// <inheritdoc />
    public override void Execute(LineEditorContext context)
    {
        var buffer = context.Buffer;
        var line = buffer.Content;
        var cursor = buffer.Position;
        ReplCompletion completion;
        try
        {
            // A listing that ignores its token still cannot hold the editor past the limit.
            using var timeout = new CancellationTokenSource(TimeLimit);
            var task = Task.Run(() => completer.CompleteAsync(line, cursor, timeout.Token), CancellationToken.None);
            if (!task.Wait(TimeLimit)) return;
            completion = task.Result;
        }
        catch (Exception)
        {
            return;
        }
        var candidates = completion.Candidates;
        if (candidates.Count == 0) return;
        string replacement;
        if (candidates.Count == 1)
        {
            var only = candidates[0];
            var directory = only.EndsWith('/');
            replacement = completion.Render(only, final: !directory) + (directory ? "" : " ");
        }
        else
        {
            var common = completion.CommonPrefix();
            if (common.Length <= completion.Value.Length)
            {
                List(completion);
                return;
            }
            replacement = completion.Render(common, final: false);
        }
        buffer.Clear(completion.Start, cursor - completion.Start);
        buffer.Move(completion.Start);
        buffer.Insert(replacement);
        buffer.Move(completion.Start + replacement.Length);
    }

    // The candidates' last names in columns below the line; the editor redraws the line under them.
    private void List(ReplCompletion completion)
    {
        var names = completion.Candidates.Select(LastName).ToList();
        var shown = names.Take(MaxListed).ToList();
        var columnWidth = shown.Max(n => n.Length) + 2;
        var columns = Math.Max(1, (Math.Max(width(), 20) - 1) / columnWidth);
        var rows = (shown.Count + columns - 1) / columns;
        var text = new System.Text.StringBuilder("\n");
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var i = c * rows + r;
                if (i >= shown.Count) break;
                text.Append(c == columns - 1 || i + rows >= shown.Count ? shown[i] : shown[i].PadRight(columnWidth));
            }
            text.Append('\n');
        }
        if (names.Count > shown.Count) text.Append("… and ").Append(names.Count - shown.Count).Append(" more\n");
        terminal.Write(Escape(text.ToString()));
        terminal.Flush();
    }

    private static string LastName(string candidate)
    {
        var trimmed = candidate.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? candidate : candidate[(slash + 1)..];
    }

    // Names may hold control characters: never send them to the terminal as they are.
    private static string Escape(string text) =>
        string.Concat(text.Select(c => c != '\n' && char.IsControl(c) ? "?" : c.ToString()));
}
