using System.Text;
using Namespace.Shell.Execution;
using Namespace.Shell.Syntax;
using RadLine;
using Spectre.Console;

namespace Namespace.Nsh.LineEditing;

/// <summary>
/// The interactive loop on a terminal, with RadLine as the line editor: Up/Down history, Tab
/// completion, continuation lines for unfinished commands, Ctrl+C to clear the line (or cancel the
/// running command), Ctrl+D on an empty line to leave.
/// </summary>
internal sealed class EditorRepl
{
    private readonly ShellSession _session;
    private readonly ShellIO _io;
    private readonly InterruptSource _interrupt;
    private readonly ReplHistory _history;
    private readonly IAnsiConsole _console;
    private readonly ReplPrompt _prompt;
    private readonly UploadQueueWatch? _uploads;
    private readonly ReplCompleter _completer;
    private readonly LineEndTracker _lineEnd = new();
    private readonly OneKeyInputSource _keys = new();

    /// <summary>Makes the loop; <paramref name="console"/> must be one RadLine supports.</summary>
    public EditorRepl(ShellSession session, ShellIO io, InterruptSource interrupt, ReplHistory history, IAnsiConsole console, UploadQueueWatch? uploads)
    {
        _session = session;
        _io = io.With(1, _lineEnd.Wrap(io.Output)).With(2, _lineEnd.Wrap(io.Error));
        _interrupt = interrupt;
        _history = history;
        _console = console;
        _uploads = uploads;
        _prompt = new ReplPrompt(() => session.Os.CurrentDirectory.Value, uploads is null ? null : () => uploads.Counts);
        _completer = new ReplCompleter(session);
    }

    /// <summary>Reads and runs commands until Ctrl+D on an empty line; returns the last status.</summary>
    /// <exception cref="ShellExitException">A command ran <c>exit</c>.</exception>
    public async Task<string> RunAsync()
    {
        var status = ShellStatus.Success;
        while (true)
        {
            var text = await ReadCommandAsync().ConfigureAwait(false);
            if (text is null) return status;
            if (text.Trim().Length == 0) continue;
            await _history.AddAsync(text).ConfigureAwait(false);
            // No interrupt reset here: the token was made fresh before the line was read, so a Ctrl+C
            // pressed just after Enter still cancels the command it was meant for.
            _lineEnd.Reset();
            try
            {
                status = await _session.RunAsync(text + "\n", ShellParser.StandardInputName, _io, _interrupt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the command is gone, the shell stays; the prompt starts on a fresh line
                // (a newline if the command's output stopped mid-line, none to leave an empty line).
                status = "interrupted";
            }
        }
    }

    // One command: a line, and more lines while it is unfinished. Null at end of input.
    private async Task<string?> ReadCommandAsync()
    {
        var pending = new StringBuilder();
        while (true)
        {
            if (_lineEnd.MidLine)
            {
                // The last command left the cursor mid-line: keep its output, start the prompt below it.
                await WriteTerminalAsync("\n").ConfigureAwait(false);
            }
            _lineEnd.Reset();
            _interrupt.Reset();
            _prompt.Continuation = pending.Length > 0;
            if (_uploads is not null && pending.Length == 0) await _uploads.FollowAsync().ConfigureAwait(false);
            // Asking the console whether a key is waiting puts the terminal in the editor's mode (no line
            // buffering, no echo) before the prompt shows: keys typed from then on reach the editor as keys
            // (a Ctrl+D typed while the terminal still buffered lines would be taken by the terminal).
            _ = Console.KeyAvailable;
            var outcome = new ReadOutcome();
            var editor = CreateEditor(outcome, withHistory: pending.Length == 0);
            string? line;
            try
            {
                line = await editor.ReadLine(_interrupt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C while the editor was waiting for a key.
                await WriteTerminalAsync("\n").ConfigureAwait(false);
                line = null;
            }
            if (line is null)
            {
                if (outcome.EndOfInput && pending.Length == 0) return null;
                if (outcome.EndOfInput) await _io.WriteErrorLineAsync("nsh: unfinished command discarded").ConfigureAwait(false);
                // Ctrl+C (or Ctrl+D in a continuation line): drop what was typed, prompt again.
                pending.Clear();
                _lineEnd.Reset();
                continue;
            }
            pending.Append(line.ReplaceLineEndings("\n")).Append('\n');
            if (ShellParser.IsIncomplete(pending.ToString())) continue;
            return pending.ToString().TrimEnd('\n');
        }
    }

    // A fresh editor for every line: its history is ours (a command of many lines is one entry), and
    // the editor's own habit of recording every line it reads stays inside it.
    private LineEditor CreateEditor(ReadOutcome outcome, bool withHistory)
    {
        var editor = new LineEditor(_console, _keys)
        {
            Prompt = _prompt,
            MultiLine = false,
        };
        var keys = editor.KeyBindings;
        keys.Add<PreviousHistoryCommand>(ConsoleKey.UpArrow);
        keys.Add<NextHistoryCommand>(ConsoleKey.DownArrow);
        keys.Add(ConsoleKey.Tab, () => new CompleteCommand(_completer, Console.Out, () => _console.Profile.Width));
        keys.Add(ConsoleKey.D, ConsoleModifiers.Control, () => new EndOfInputCommand(outcome));
        keys.Add<MoveHomeCommand>(ConsoleKey.A, ConsoleModifiers.Control);
        keys.Add<MoveEndCommand>(ConsoleKey.E, ConsoleModifiers.Control);
        keys.Add<MoveLeftCommand>(ConsoleKey.B, ConsoleModifiers.Control);
        keys.Add<MoveRightCommand>(ConsoleKey.F, ConsoleModifiers.Control);
        keys.Add<KillToStartCommand>(ConsoleKey.U, ConsoleModifiers.Control);
        keys.Add<KillToEndCommand>(ConsoleKey.K, ConsoleModifiers.Control);
        keys.Add<DeleteWordBackCommand>(ConsoleKey.W, ConsoleModifiers.Control);
        if (withHistory)
        {
            foreach (var entry in _history.Entries) editor.History.Add(entry);
        }
        return editor;
    }

    private async Task WriteTerminalAsync(string text)
    {
        await Console.Out.WriteAsync(text).ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
    }
}
