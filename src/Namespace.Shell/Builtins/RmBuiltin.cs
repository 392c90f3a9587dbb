using Namespace.Core.Errors;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>rm</c>: remove files and directories.</summary>
internal sealed class RmBuiltin : IBuiltin
{
    public string Name => "rm";
    public string Usage => "rm [-r] [-f] path...";
    public string Summary => "remove files (-r: directories and what they hold; -f: no error when missing)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "rf");
        if (flags.Operands.Count == 0) throw new UsageException("missing path");
        return await EachPath.RunAsync(context, flags.Operands, async path =>
        {
            try
            {
                await context.Os.DeleteAsync(path, flags.Has('r'), context.CancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException e) when (e.Kind == NsErrorKind.NotFound && flags.Has('f'))
            {
            }
        }).ConfigureAwait(false);
    }
}
