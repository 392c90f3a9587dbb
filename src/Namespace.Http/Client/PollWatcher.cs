using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Http.Client;

/// <summary>
/// Finds changes on a server without an event stream: every <see cref="HttpFileSystemOptions.PollInterval"/>
/// it lists the watched tree (each directory conditionally, with the validators of its last
/// listing) and reports what appeared, went away or changed size, time or ETag. A round that fails
/// (server down) is skipped without reporting anything.
/// </summary>
internal sealed class PollWatcher : IDisposable
{
    private readonly HttpFileSystem _fs;
    private readonly VPath _path;
    private readonly Action<ChangeEvent> _onChange;
    private readonly CancellationTokenSource _stop;
    private readonly Dictionary<VPath, (string? ETag, DateTimeOffset? LastModified, List<NsEntry> Entries)> _listings = [];

    private PollWatcher(HttpFileSystem fs, VPath path, Action<ChangeEvent> onChange)
    {
        _fs = fs;
        _path = path;
        _onChange = onChange;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(fs.Disposing);
    }

    public static PollWatcher Start(HttpFileSystem fs, VPath path, Action<ChangeEvent> onChange)
    {
        var watcher = new PollWatcher(fs, path, onChange);
        var token = watcher._stop.Token;
        _ = Task.Run(() => watcher.RunAsync(token));
        return watcher;
    }

    public void Dispose()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        Dictionary<VPath, NsEntry>? previous = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var current = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
                if (previous is not null) Report(previous, current);
                else _fs.OnWatchLive();
                previous = current;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (NamespaceException)
            {
                // Unreachable this round: compare against the last good snapshot next time.
            }
            try
            {
                await Task.Delay(_fs.Options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _stop.Dispose();
    }

    private void Report(Dictionary<VPath, NsEntry> previous, Dictionary<VPath, NsEntry> current)
    {
        foreach (var (path, entry) in current.OrderBy(e => e.Key))
        {
            if (!previous.TryGetValue(path, out var before)) _onChange(new ChangeEvent(ChangeKind.Created, path));
            else if (before.Kind != entry.Kind || before.Size != entry.Size || before.ModifiedUtc != entry.ModifiedUtc || before.ETag != entry.ETag)
                _onChange(new ChangeEvent(ChangeKind.Changed, path));
        }
        foreach (var path in previous.Keys.Where(p => !current.ContainsKey(p)).OrderBy(p => p))
            _onChange(new ChangeEvent(ChangeKind.Deleted, path));
    }

    private async Task<Dictionary<VPath, NsEntry>> SnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = new Dictionary<VPath, NsEntry>();
        var root = await _fs.StatAsync(_path, cancellationToken).ConfigureAwait(false);
        if (root is null) return snapshot;
        snapshot[_path] = root.IsDirectory ? root with { ModifiedUtc = DateTimeOffset.UnixEpoch } : root;
        if (!root.IsDirectory) return snapshot;
        var pending = new Queue<VPath>([_path]);
        var visited = 0;
        var seen = new HashSet<VPath>();
        while (pending.Count > 0 && visited++ < _fs.Options.PollMaxDirectories)
        {
            var directory = pending.Dequeue();
            seen.Add(directory);
            _listings.TryGetValue(directory, out var cached);
            ListingResult listing;
            try
            {
                listing = await _fs.ListCoreAsync(directory, cached.ETag, cached.LastModified, cancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException e) when (e.Kind is NsErrorKind.NotFound or NsErrorKind.NotADirectory && directory != _path)
            {
                continue;
            }
            var entries = listing.Entries ?? cached.Entries ?? [];
            _listings[directory] = (listing.ETag, listing.LastModified, entries);
            foreach (var entry in entries)
            {
                var child = directory.Child(entry.Name);
                // A directory's own time says little on most servers; its content is compared instead.
                snapshot[child] = entry.IsDirectory ? entry with { ModifiedUtc = DateTimeOffset.UnixEpoch } : entry;
                if (entry.IsDirectory) pending.Enqueue(child);
            }
        }
        foreach (var stale in _listings.Keys.Where(k => !seen.Contains(k)).ToList()) _listings.Remove(stale);
        return snapshot;
    }
}
