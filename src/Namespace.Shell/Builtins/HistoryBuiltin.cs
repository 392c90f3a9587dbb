using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>history</c>: the REPL's command history.</summary>
internal sealed class HistoryBuiltin : IBuiltin
{
    public string Name => "history";
    public string Usage => "history";
    public string Summary => "print the interactive command history, numbered";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var history = context.Session.History?.Invoke() ?? [];
        for (var i = 0; i < history.Count; i++)
            await context.Out.WriteLineAsync($"{i + 1,5}  {history[i]}").ConfigureAwait(false);
        return 0;
    }
}
