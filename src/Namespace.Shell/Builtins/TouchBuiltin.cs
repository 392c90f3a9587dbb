using Namespace.Core.Errors;
using Namespace.Core.Providers;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>touch</c>: create empty files.</summary>
internal sealed class TouchBuiltin : IBuiltin
{
    public string Name => "touch";
    public string Usage => "touch path...";
    public string Summary => "create each file if it does not exist (an existing file is left as it is)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "");
        if (flags.Operands.Count == 0) throw new UsageException("missing path");
        var status = 0;
        foreach (var path in flags.Operands)
        {
            try
            {
                if (await context.Os.ExistsAsync(path, context.CancellationToken).ConfigureAwait(false)) continue;
                await context.Os.WriteStreamAsync(path, Stream.Null, WriteMode.CreateNew, context.CancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException e) when (e.Kind == NsErrorKind.Exists)
            {
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
