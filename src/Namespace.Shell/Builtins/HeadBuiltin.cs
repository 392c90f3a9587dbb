using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>head</c>: the first lines.</summary>
internal sealed class HeadBuiltin : IBuiltin
{
    public string Name => "head";
    public string Usage => "head [-n N] [path...]";
    public string Summary => "print the first N lines (10 by default) of each file or of standard input";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "", "n");
        var count = TextInputs.Count(flags, 10);
        return await TextInputs.EachAsync(context, flags.Operands, async (_, reader) =>
        {
            for (var i = 0; i < count; i++)
            {
                var line = await reader.ReadLineAsync(context.CancellationToken).ConfigureAwait(false);
                if (line is null) break;
                await context.Out.WriteLineAsync(line).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }
}
