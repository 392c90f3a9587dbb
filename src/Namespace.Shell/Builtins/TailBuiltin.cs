using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>tail</c>: the last lines (kept in a ring, so the input is streamed, not held).</summary>
internal sealed class TailBuiltin : IBuiltin
{
    public string Name => "tail";
    public string Usage => "tail [-n N] [path...]";
    public string Summary => "print the last N lines (10 by default) of each file or of standard input";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "", "n");
        var count = TextInputs.Count(flags, 10);
        return await TextInputs.EachAsync(context, flags.Operands, async (_, reader) =>
        {
            var last = new Queue<string>();
            while (await reader.ReadLineAsync(context.CancellationToken).ConfigureAwait(false) is { } line)
            {
                if (count == 0) continue;
                if (last.Count == count) last.Dequeue();
                last.Enqueue(line);
            }
            foreach (var line in last) await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
