using System.Text;
using Namespace.Shell.Execution;
using Namespace.Shell.Syntax;

namespace Namespace.Nsh;

/// <summary>The interactive loop: prompt, read a command (asking for continuation lines while it is unfinished), run it.</summary>
internal sealed class Repl(ShellSession session, ShellIO io, InterruptSource interrupt)
{
    private readonly List<string> _history = [];

    public async Task<string> RunAsync()
    {
        interrupt.KeepShellAlive = true;
        session.History = () => _history;
        var status = ShellStatus.Success;
        var pending = new StringBuilder();
        while (true)
        {
            Console.Write(pending.Length == 0 ? Prompt() : "\t");
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
            _history.Add(text.TrimEnd('\n'));
            interrupt.Reset();
            try
            {
                status = await session.RunAsync(text, "stdin", io, interrupt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine();
                status = "interrupted";
            }
        }
    }

    private string Prompt() => $"{session.Os.CurrentDirectory}; ";
}
