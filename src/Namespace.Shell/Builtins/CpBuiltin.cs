using Namespace.Core.Errors;
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
        var status = 0;
        foreach (var (source, target) in await TargetPaths.ResolveAsync(context.Os, flags.Operands, context.CancellationToken).ConfigureAwait(false))
        {
            try
            {
                await context.Os.CopyAsync(source, target, flags.Has('r'), context.CancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException e)
            {
                await context.ErrorAsync(e).ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }
}
