using Namespace.Nsh.LineEditing;
using Namespace.Shell.Execution;
using RadLine;
using Spectre.Console;

namespace Namespace.Nsh;

/// <summary>
/// The interactive shell (see docs/nsh.md, "The REPL"). On a terminal RadLine can drive, a line
/// editor with history (persisted in <c>~/.nsh/history</c>), Tab completion and continuation lines;
/// elsewhere (standard output redirected, no ANSI support) a plain prompt-and-read loop.
/// </summary>
/// <param name="session">The shell the commands run in.</param>
/// <param name="io">The standard streams.</param>
/// <param name="interrupt">Ctrl+C: cancels the running command, not the shell.</param>
/// <param name="uploads">The upload queue's counts, shown in the prompt when not zero; null for none.</param>
internal sealed class Repl(ShellSession session, ShellIO io, InterruptSource interrupt, UploadQueueWatch? uploads = null)
{
    /// <summary>Runs the loop until end of input; returns the last status.</summary>
    /// <exception cref="ShellExitException">A command ran <c>exit</c>.</exception>
    public async Task<string> RunAsync()
    {
        interrupt.KeepShellAlive = true;
        var history = new ReplHistory(ReplHistory.DefaultPath(), io.WriteErrorLineAsync);
        await history.LoadAsync().ConfigureAwait(false);
        session.History = () => history.Entries;
        var console = AnsiConsole.Console;
        if (!Console.IsOutputRedirected && LineEditor.IsSupported(console))
            return await new EditorRepl(session, io, interrupt, history, console, uploads).RunAsync().ConfigureAwait(false);
        return await new PlainRepl(session, io, interrupt, history, uploads).RunAsync().ConfigureAwait(false);
    }
}
