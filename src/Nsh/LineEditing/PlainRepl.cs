using System.Text;
using Namespace.Caching;
using Namespace.Shell.Execution;
using Namespace.Shell.Syntax;

namespace Namespace.Nsh.LineEditing;

/// <summary>
/// The fallback interactive loop for a terminal RadLine cannot drive (no ANSI support, or standard
/// output is not a terminal): prompt, read a line, ask for more while the command is unfinished, run it.
/// </summary>
internal sealed class PlainRepl(ShellSession session, ShellIO io, InterruptSource interrupt, ReplHistory history, UploadQueueWatch? uploads)
{
    /// <summary>Reads and runs commands until end of input; returns the last status.</summary>
    public async Task<string> RunAsync()
    {
        var status = ShellStatus.Success;
        var pending = new StringBuilder();
        while (true)
        {
            if (uploads is not null && pending.Length == 0) await uploads.FollowAsync().ConfigureAwait(false);
            Console.Write(pending.Length == 0 ? ReplPrompt.Text(session.Os.CurrentDirectory.Value, uploads?.Counts ?? UploadQueueCounts.None) : ReplPrompt.ContinuationText);
            var line = Console.ReadLine();
            if (line is null)
            {
                Console.WriteLine();
                return status;
            }
            pending.Append(line).Append('\n');
            var text = pending.ToString();
            if (ShellParser.IsIncomplete(text)) continue;
            pending.Clear();
            if (text.Trim().Length == 0) continue;
            await history.AddAsync(text.TrimEnd('\n')).ConfigureAwait(false);
            interrupt.Reset();
            try
            {
                status = await session.RunAsync(text, ShellParser.StandardInputName, io, interrupt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine();
                status = "interrupted";
            }
        }
    }
}
