using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>mkdir</c>: make directories.</summary>
internal sealed class MkdirBuiltin : IBuiltin
{
    public string Name => "mkdir";
    public string Usage => "mkdir [-p] dir...";
    public string Summary => "make directories (-p: and missing parents, no error if it exists)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "p");
        if (flags.Operands.Count == 0) throw new UsageException("missing directory");
        return await EachPath.RunAsync(context, flags.Operands,
            dir => context.Os.CreateDirectoryAsync(dir, flags.Has('p'), context.CancellationToken)).ConfigureAwait(false);
    }
}
