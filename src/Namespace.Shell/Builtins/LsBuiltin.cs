using Namespace.Core.Providers;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>ls</c>: list directories, one name per line, sorted, <c>/</c> after directories.</summary>
internal sealed class LsBuiltin : IBuiltin
{
    public string Name => "ls";
    public string Usage => "ls [-l] [-d] [path...]";
    public string Summary => "list directories (-l: mode, size, UTC time, cache state; -d: the directory itself)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "ld");
        var paths = flags.Operands.Count == 0 ? ["."] : flags.Operands;
        var prefix = paths.Count > 1;
        var status = 0;
        foreach (var path in paths)
        {
            try
            {
                var entry = await context.Os.StatAsync(path, context.CancellationToken).ConfigureAwait(false);
                if (!entry.IsDirectory || flags.Has('d'))
                {
                    await WriteAsync(context, entry, path, flags.Has('l')).ConfigureAwait(false);
                    continue;
                }
                await foreach (var child in context.Os.ListAsync(path, context.CancellationToken).ConfigureAwait(false))
                {
                    var shown = prefix ? (path.EndsWith('/') ? path : path + "/") + child.Name : child.Name;
                    await WriteAsync(context, child, shown, flags.Has('l')).ConfigureAwait(false);
                }
            }
            catch (Core.Errors.NamespaceException e)
            {
                await context.ErrorAsync(e).ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }

    private static Task WriteAsync(CommandContext context, NsEntry entry, string shown, bool longFormat)
    {
        var name = entry.IsDirectory && !shown.EndsWith('/') ? shown + "/" : shown;
        return context.Out.WriteLineAsync(longFormat ? EntryFormat.Long(entry, name) : name);
    }
}
