using Namespace.Core.Providers;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>stat</c>: everything known about a path.</summary>
internal sealed class StatBuiltin : IBuiltin
{
    public string Name => "stat";
    public string Usage => "stat path...";
    public string Summary => "show kind, size, mode, UTC time, ETag and the serving element of each path";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "");
        if (flags.Operands.Count == 0) throw new UsageException("missing path");
        return await EachPath.RunAsync(context, flags.Operands, async path =>
        {
            var entry = await context.Os.StatAsync(path, context.CancellationToken).ConfigureAwait(false);
            var o = context.Out;
            await o.WriteLineAsync($"path: {context.Os.ResolvePath(path)}").ConfigureAwait(false);
            await o.WriteLineAsync($"kind: {NsEntryText.Kind(entry)}").ConfigureAwait(false);
            await o.WriteLineAsync($"size: {entry.Size}").ConfigureAwait(false);
            await o.WriteLineAsync($"mode: {NsEntryText.Mode(entry)}").ConfigureAwait(false);
            await o.WriteLineAsync($"modified: {NsEntryText.Time(entry.ModifiedUtc)}").ConfigureAwait(false);
            await o.WriteLineAsync($"etag: {entry.ETag ?? "-"}").ConfigureAwait(false);
            await o.WriteLineAsync($"served by: {entry.ServedBy}").ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
