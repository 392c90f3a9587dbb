using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>help</c>: what the builtins are.</summary>
internal sealed class HelpBuiltin : IBuiltin
{
    public string Name => "help";
    public string Usage => "help [command]";
    public string Summary => "list the builtins, or show how to use one";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count > 1) throw new UsageException("one command at most");
        if (context.Args.Count == 1)
        {
            if (!context.Session.Builtins.TryGetValue(context.Args[0], out var builtin))
            {
                await context.ErrorAsync($"{context.Args[0]}: no such builtin").ConfigureAwait(false);
                return 1;
            }
            await context.Out.WriteLineAsync($"usage: {builtin.Usage}").ConfigureAwait(false);
            await context.Out.WriteLineAsync(builtin.Summary).ConfigureAwait(false);
            return 0;
        }
        var width = context.Session.Builtins.Keys.Max(k => k.Length);
        foreach (var builtin in context.Session.Builtins.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
            await context.Out.WriteLineAsync($"{builtin.Name.PadRight(width)}  {builtin.Summary}").ConfigureAwait(false);
        return 0;
    }
}
