using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>cp</c>: copy files (and, with -r, directories), streaming, across providers too.</summary>
internal sealed class CpBuiltin : IBuiltin
{
    public string Name => "cp";
    public string Usage => "cp [-r] source... destination";
    public string Summary => "copy files (-r: directories too)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "r");
        var pairs = await TargetPaths.ResolveAsync(context.Os, flags.Operands, context.CancellationToken).ConfigureAwait(false);
        return await EachPath.RunAsync(context, pairs,
            pair => context.Os.CopyAsync(pair.Source, pair.Target, flags.Has('r'), context.CancellationToken)).ConfigureAwait(false);
    }
}
