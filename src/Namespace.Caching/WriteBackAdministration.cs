using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;

namespace Namespace.Caching;

/// <summary>One change waiting in a write-back element's journal, as <c>status</c>, <c>flush</c> and embedders see it.</summary>
/// <param name="Path">Its path in the namespace.</param>
/// <param name="Change">What the origin is to end up with there.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Reason">Why it failed or conflicts, or the last transient error; null otherwise.</param>
/// <param name="Attempts">Uploads tried and failed since the last change.</param>
public sealed record PendingChange(VPath Path, JournalChange Change, JournalState State, string? Reason, int Attempts)
{
    /// <summary>True when it waits for the user (failed or conflict), not for the uploader.</summary>
    public bool IsParked => State is JournalState.Failed or JournalState.Conflict;

    /// <summary>
    /// True when the journal holding it outlives the process, so its upload resumes at the next start; false for a
    /// memory store, whose changes not yet uploaded are lost when the process ends.
    /// </summary>
    public bool Durable { get; init; } = true;
}

/// <summary>What <c>flush</c>, <c>resolve</c>, <c>status</c> and embedders ask of a namespace's write-back elements (DESIGN §5).</summary>
public static class WriteBackAdministration
{
    /// <summary>
    /// The barrier: waits until the journals of the write-back elements serving <paramref name="path"/> (at or below it)
    /// hold nothing but failed or conflicting changes, sending what their delay holds back at once; returns those.
    /// </summary>
    /// <returns>What is left: empty when everything reached its origin.</returns>
    /// <exception cref="OperationCanceledException">Cancelled (a timeout) before that: what was uploaded stays uploaded.</exception>
    public static async Task<IReadOnlyList<PendingChange>> FlushAsync(this VirtualOS os, string path = "/", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(os);
        var target = os.ResolvePath(path);
        var left = new List<PendingChange>();
        var seen = new HashSet<(ICacheStore, VPath)>();
        foreach (var (mount, cached, below) in Elements(os, target))
        {
            var rows = await cached.Uploader!.FlushAsync(cached.CacheElement.Map(below), cancellationToken).ConfigureAwait(false);
            left.AddRange(rows.Where(r => seen.Add((cached.Runtime.Store, r.Path))).Select(r => Pending(mount, cached, r)));
        }
        return left;
    }

    /// <summary>True when a write-back element serves <paramref name="path"/> or something below it.</summary>
    public static bool WritesBack(this VirtualOS os, string path = "/")
    {
        ArgumentNullException.ThrowIfNull(os);
        return Elements(os, os.ResolvePath(path)).Any();
    }

    /// <summary>The changes waiting in the journals of the write-back elements at or below <paramref name="path"/>, oldest first per element.</summary>
    public static async Task<IReadOnlyList<PendingChange>> UploadQueueAsync(this VirtualOS os, string path = "/", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(os);
        var target = os.ResolvePath(path);
        var result = new List<PendingChange>();
        var seen = new HashSet<(ICacheStore, VPath)>();
        foreach (var (mount, cached, below) in Elements(os, target))
        {
            await foreach (var row in ((ICacheJournal)cached.Runtime.Store).ReadJournalAsync(cached.CacheElement.Map(below), cancellationToken).ConfigureAwait(false))
            {
                // One change, however many mount points show the element: once, at the first.
                if (seen.Add((cached.Runtime.Store, row.Path))) result.Add(Pending(mount, cached, row));
            }
        }
        return result;
    }

    /// <summary>
    /// Settles the change waiting at <paramref name="path"/>: <paramref name="keepLocal"/> uploads the local version over
    /// whatever the origin has now; otherwise the local change is given up and the origin's version is read from now on.
    /// </summary>
    /// <exception cref="NamespaceException">InvalidArgument when no change waits at the path.</exception>
    public static async Task ResolveAsync(this VirtualOS os, string path, bool keepLocal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(os);
        var target = os.ResolvePath(path);
        foreach (var (mount, cached, below) in Elements(os, target))
        {
            if (target.IsUnder(mount.Path) && await cached.ResolveAsync(below, keepLocal, cancellationToken).ConfigureAwait(false)) return;
        }
        throw NsErrors.InvalidArgument(target, "no local change waits here to be resolved");
    }

    /// <summary>Raised when the upload queue of a write-back element of <paramref name="os"/> changes; dispose to stop hearing.</summary>
    public static IDisposable OnUploadQueueChanged(this VirtualOS os, Action onChange)
    {
        ArgumentNullException.ThrowIfNull(os);
        ArgumentNullException.ThrowIfNull(onChange);
        var uploaders = CacheLayer.CacheElements(os.Mounts).Select(e => e.Cached.Uploader).OfType<Uploader>().Distinct().ToArray();
        foreach (var uploader in uploaders) uploader.QueueChanged += onChange;
        return new Unsubscriber(() =>
        {
            foreach (var uploader in uploaders) uploader.QueueChanged -= onChange;
        });
    }

    // The write-back elements serving target or below it, each with the path in its union that target covers.
    private static IEnumerable<(MountPoint Mount, CachedProvider Cached, VPath Below)> Elements(VirtualOS os, VPath target)
    {
        foreach (var (mount, cached) in CacheLayer.CacheElements(os.Mounts))
        {
            if (cached.Uploader is null) continue;
            if (target.IsUnder(mount.Path)) yield return (mount, cached, target.RelativeTo(mount.Path));
            else if (mount.Path.IsUnder(target)) yield return (mount, cached, VPath.Root);
        }
    }

    // The memory store is the one store whose journal ends with the process (MemoryCacheStore: "gone at exit").
    private static PendingChange Pending(MountPoint mount, CachedProvider cached, JournalEntry row) =>
        cached.Pending(mount.Path, row) with { Durable = cached.Runtime.Store is not MemoryCacheStore };

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) dispose();
        }
    }
}
