using Namespace.Core.Errors;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>mv</c>: rename; across providers, copy then remove.</summary>
internal sealed class MvBuiltin : IBuiltin
{
    public string Name => "mv";
    public string Usage => "mv source... destination";
    public string Summary => "rename or move (across providers: copy, then remove the source)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "");
        var status = 0;
        foreach (var (source, target) in await TargetPaths.ResolveAsync(context.Os, flags.Operands, context.CancellationToken).ConfigureAwait(false))
        {
            try
            {
                try
                {
                    await context.Os.RenameAsync(source, target, context.CancellationToken).ConfigureAwait(false);
                }
                catch (NamespaceException e) when (e.Kind == NsErrorKind.CrossDevice)
                {
                    await context.Os.CopyAsync(source, target, recursive: true, context.CancellationToken).ConfigureAwait(false);
                    await context.Os.DeleteAsync(source, recursive: true, context.CancellationToken).ConfigureAwait(false);
                }
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
