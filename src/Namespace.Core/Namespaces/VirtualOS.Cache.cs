using Namespace.Core.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

public sealed partial class VirtualOS
{
    /// <summary>
    /// Drops clean cached copies at or below <paramref name="path"/> from every cache element that serves it
    /// (only those last validated longer than <paramref name="olderThan"/> ago, when given). Dirty data is never dropped.
    /// </summary>
    /// <returns>How many cached files and directories were dropped.</returns>
    /// <exception cref="NamespaceException">InvalidPath; InvalidArgument when no cache element serves anything at or below the path; or a cache element's error.</exception>
    public async ValueTask<long> PurgeAsync(string path, TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var target = ResolvePath(path);
        long? dropped = null;
        foreach (var (mount, cached) in CacheElements(_state.Table))
        {
            if (target.IsUnder(mount.Path))
                dropped = (dropped ?? 0) + await cached.PurgeAsync(target.RelativeTo(mount.Path), olderThan, cancellationToken).ConfigureAwait(false);
            else if (mount.Path.IsUnder(target))
                dropped = (dropped ?? 0) + await cached.PurgeAsync(VPath.Root, olderThan, cancellationToken).ConfigureAwait(false);
        }
        // A mistyped path must not read as a purge that found nothing to drop.
        return dropped ?? throw NsErrors.InvalidArgument(target, "no cache element at or below this path");
    }

    /// <summary>Re-checks the entry at <paramref name="path"/> against its origin now, whatever its TTL says, and returns it.</summary>
    /// <exception cref="NamespaceException">NotFound, or the origin's error.</exception>
    public async ValueTask<NsEntry> RevalidateAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = ResolvePath(path);
        var table = _state.Table;
        if (table.TryFind(target, out var mount))
        {
            var relative = target.RelativeTo(mount.Path);
            foreach (var element in mount.Items)
            {
                if (element.Provider is CachedProvider cached)
                {
                    NsEntry? entry;
                    try
                    {
                        entry = await cached.RevalidateAsync(relative, cancellationToken).ConfigureAwait(false);
                    }
                    catch (NamespaceException ex)
                    {
                        throw Translate(ex, mount, element);
                    }
                    if (entry is not null) return relative.IsRoot ? entry with { Name = target.Name } : entry;
                    continue;
                }
                // An element before any cache element that has the name answers, as lookup would.
                if (await ProviderStatAsync(mount, element, element.Map(relative), cancellationToken).ConfigureAwait(false) is not null) break;
            }
        }
        return await StatAsync(target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every cache element in the namespace with its options, counters and usage, in mount order.</summary>
    /// <exception cref="NamespaceException">A cache store's error.</exception>
    public async ValueTask<IReadOnlyList<CacheElementStatus>> CacheStatusAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<CacheElementStatus>();
        foreach (var (mount, cached) in CacheElements(_state.Table))
        {
            // The store's usage includes the copies still being committed (their readers are done with them).
            await cached.Runtime.SettledAsync(VPath.Root, SettleScope.Subtree).WaitAsync(cancellationToken).ConfigureAwait(false);
            var counters = await cached.Runtime.CountersAsync(cancellationToken).ConfigureAwait(false);
            var usage = await cached.Runtime.Store.MeasureAsync(cached.CacheElement.Root, cancellationToken).ConfigureAwait(false);
            result.Add(new CacheElementStatus(mount.Path, cached.CacheElement.ToString(), string.Join(" ", (IEnumerable<UnionElement>)cached.Origin.Elements), cached.Options, counters, usage));
        }
        return result;
    }

    /// <summary>
    /// Saves the counters and access times of every cache element now (they are otherwise saved every second), once the
    /// copies still being committed are in their stores; call before exiting.
    /// </summary>
    public Task SaveCacheStateAsync()
    {
        var caches = CacheElements(_state.Table);
        return caches.Count == 0 ? Task.CompletedTask : SaveAllAsync(caches);

        static async Task SaveAllAsync(List<(MountPoint Mount, CachedProvider Cached)> caches)
        {
            foreach (var (_, cached) in caches)
            {
                await cached.Runtime.SettledAsync(VPath.Root, SettleScope.Subtree).ConfigureAwait(false);
                await cached.Runtime.SaveAsync().ConfigureAwait(false);
            }
        }
    }

    // Publishes a table changed at one mount point once the cache elements there pass their checks; their purge tickers
    // then start (a cache element refused at mount must never purge). Each check guards against one way a cache would
    // fail or lose data:
    // - a file as a cache element: every fill into it would fail, each counted as an error and nothing said;
    // - a store holding files written outside a cache (through the store mounted plainly, in this session or an earlier
    //   one): the cache treats every clean file at and below its root as its own copy, so purge, eviction and "not found"
    //   from the origin would drop them;
    // - sharing (SharingChecked).
    private async ValueTask PublishCheckedAsync(MountTable table, VPath changed, CancellationToken cancellationToken)
    {
        if (table.TryGetExact(changed, out var mount))
        {
            foreach (var item in mount.Items)
            {
                if (item.Provider is not CachedProvider cached) continue;
                var element = cached.CacheElement;
                if (await element.Provider.StatAsync(element.Root, cancellationToken).ConfigureAwait(false) is { IsDirectory: false })
                    throw NsErrors.InvalidArgument(changed, $"{element} cannot be a cache element: it is a file, not a directory");
                if (await cached.Runtime.Store.FindLocalFileAsync(element.Root, cancellationToken).ConfigureAwait(false) is { } file)
                    throw NsErrors.InvalidArgument(changed,
                        $"{element} holds files written outside a cache ({file}); its purge and eviction would remove them: " +
                        "give the cache its own store, or an empty directory of this one");
            }
            SharingChecked(table, mount);
        }
        _state.Publish(Started(table));
    }

    // Purge tickers start once the table that holds their cache elements is accepted.
    private static MountTable Started(MountTable table)
    {
        foreach (var (_, cached) in CacheElements(table)) cached.Start();
        return table;
    }

    // Two cache elements keeping copies in the same place of one store must cache the same origin there, or each would
    // serve (and purge, and evict) the other's copies as its own. Nor may the directory a cache keeps its copies in, or
    // one inside it, be mounted plainly (not as a cache element) too: every file written through that mount would be
    // purged and evicted as a copy. A plain mount of a directory above it is how `bind -bC /db/web /web` names the cache's
    // directory, and stays allowed: only a path into the cache's directory reaches its copies.
    private static void SharingChecked(MountTable table, MountPoint mount)
    {
        var changed = mount.Path;
        var caches = CacheElements(table);
        foreach (var plain in table.All)
        {
            foreach (var element in plain.Elements)
            {
                if (element.Cache) continue;
                foreach (var (cacheMount, cached) in caches)
                {
                    var store = cached.CacheElement;
                    if ((plain.Path != changed && cacheMount.Path != changed) || !ReferenceEquals(element.Provider, store.Provider)) continue;
                    if (!element.Root.IsUnder(store.Root)) continue;
                    throw cacheMount.Path == changed
                        ? NsErrors.InvalidArgument(changed,
                            $"{store} is also mounted at {plain.Path} (not as a cache), and files written there would be purged and evicted as its copies; " +
                            "give the cache its own store, or unmount " + plain.Path)
                        : NsErrors.InvalidArgument(changed,
                            $"{element} keeps the copies of the cache at {cacheMount.Path}, and files written here would be purged and evicted as copies; " +
                            "mount another store, or a directory of this one the cache does not use");
                }
            }
        }
        var others = caches.Where(c => c.Mount.Path != changed).Select(c => c.Cached).ToList();
        foreach (var item in mount.Items)
        {
            if (item.Provider is not CachedProvider mine) continue;
            foreach (var other in others)
            {
                if (ReferenceEquals(mine.CacheElement.Provider, other.CacheElement.Provider) && !SameCopies(mine, other) && !SameCopies(other, mine))
                    throw NsErrors.InvalidArgument(changed,
                        $"{mine.CacheElement.Provider.Source} already keeps the copies of {string.Join(" ", (IEnumerable<UnionElement>)other.Origin.Elements)} at {other.MountPath} there; " +
                        "give each origin its own cache (another store, or a SPEC)");
            }
        }
    }

    // True when b keeps nothing where a does, or keeps there what a's origin has at the same place.
    private static bool SameCopies(CachedProvider a, CachedProvider b)
    {
        var (rootA, rootB) = (a.CacheElement.Root, b.CacheElement.Root);
        if (!rootB.IsUnder(rootA)) return !rootA.IsUnder(rootB);
        var relative = rootB.RelativeTo(rootA);
        var (originA, originB) = (a.Origin.Elements, b.Origin.Elements);
        return originA.Length == originB.Length
            && originA.Zip(originB).All(p => ReferenceEquals(p.First.Provider, p.Second.Provider) && p.First.Map(relative) == p.Second.Root);
    }

    private static List<(MountPoint Mount, CachedProvider Cached)> CacheElements(MountTable table)
    {
        var result = new List<(MountPoint, CachedProvider)>();
        foreach (var mount in table.All)
        {
            foreach (var element in mount.Items)
            {
                if (element.Provider is CachedProvider cached) result.Add((mount, cached));
            }
        }
        return result;
    }
}
