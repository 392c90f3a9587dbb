using System.Globalization;
using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>status</c>: the upload queue and every cache element's figures.</summary>
internal sealed class StatusBuiltin : IBuiltin
{
    public string Name => "status";
    public string Usage => "status [path]";
    public string Summary => "show the upload queue, conflicts and per-cache figures (only the caches serving path, when given)";

    // Changes listed by name; the rest are counted.
    private const int QueueShown = 20;

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count > 1) throw new UsageException("at most one path");
        var caches = await context.Os.CacheStatusAsync(context.CancellationToken).ConfigureAwait(false);
        if (context.Args.Count == 1)
        {
            var path = context.Os.ResolvePath(context.Args[0]);
            caches = caches.Where(c => path.IsUnder(c.MountPath) || c.MountPath.IsUnder(path)).ToList();
        }
        var output = context.Out;
        var queue = await context.Os.UploadQueueAsync(context.Args.Count == 1 ? context.Args[0] : "/", context.CancellationToken).ConfigureAwait(false);
        if (queue.Count == 0)
        {
            // An empty queue, or no uploader at all: a user looking for one after a mount without mode=writeback is told which.
            var none = caches.Any(c => c.Options.Mode == CacheMode.WriteBack) ? "uploads: none" : "uploads: none (no write-back cache elements)";
            await output.WriteLineAsync(none).ConfigureAwait(false);
        }
        else
        {
            var counts = queue.GroupBy(c => c.State).ToDictionary(g => g.Key, g => g.Count());
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"uploads: {counts.GetValueOrDefault(JournalState.Pending)} pending, {counts.GetValueOrDefault(JournalState.Uploading)} uploading, {counts.GetValueOrDefault(JournalState.Failed)} failed, {counts.GetValueOrDefault(JournalState.Conflict)} conflicts")).ConfigureAwait(false);
            // Parked changes first (they wait for the user), then the oldest of the rest.
            await UploadQueueText.WriteAsync(output, queue.Where(c => c.IsParked).Concat(queue.Where(c => !c.IsParked)), QueueShown).ConfigureAwait(false);
            if (queue.Count > QueueShown) await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  ... and {queue.Count - QueueShown} more")).ConfigureAwait(false);
        }
        if (caches.Count == 0) await output.WriteLineAsync("caches: none").ConfigureAwait(false);
        foreach (var cache in caches)
        {
            var c = cache.Counters;
            await output.WriteLineAsync($"cache {RcQuote.Quote(cache.MountPath.Value)}: {cache.Cache} caching {cache.Origin}").ConfigureAwait(false);
            await output.WriteLineAsync($"  options {cache.Options}").ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  hits={c.Hits} misses={c.Misses} revalidations={c.Revalidations} evictions={c.Evictions} errors={c.Errors}")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  files={cache.Usage.Files} bytes={cache.Usage.Bytes} fetched={c.BytesFetched} served={c.BytesServed}")).ConfigureAwait(false);
        }
        await output.FlushAsync(context.CancellationToken).ConfigureAwait(false);
        return 0;
    }
}
