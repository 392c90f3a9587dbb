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
        return await EachPath.RunAsync(context, flags.Operands, async path =>
        {
            try
            {
                if (await context.Os.ExistsAsync(path, context.CancellationToken).ConfigureAwait(false)) return;
                await context.Os.WriteStreamAsync(path, Stream.Null, WriteMode.CreateNew, context.CancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException e) when (e.Kind == NsErrorKind.Exists)
            {
                // Made by someone else meanwhile: touch leaves existing files alone anyway.
            }
        }).ConfigureAwait(false);
    }
}
