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
        var pairs = await TargetPaths.ResolveAsync(context.Os, flags.Operands, context.CancellationToken).ConfigureAwait(false);
        return await EachPath.RunAsync(context, pairs, async pair =>
        {
            try
            {
                await context.Os.RenameAsync(pair.Source, pair.Target, context.CancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException e) when (e.Kind == NsErrorKind.CrossDevice)
            {
                await context.Os.CopyAsync(pair.Source, pair.Target, recursive: true, context.CancellationToken).ConfigureAwait(false);
                await context.Os.DeleteAsync(pair.Source, recursive: true, context.CancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }
}
