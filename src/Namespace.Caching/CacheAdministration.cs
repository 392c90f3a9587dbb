using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// What <c>status</c>, <c>purge</c> and the browser ask of the cache elements of a namespace (one made with a
/// <see cref="CacheLayer"/>; a namespace without one has no cache elements).
/// </summary>
public static class CacheAdministration
{
    /// <summary>
    /// Drops clean cached copies at or below <paramref name="path"/> from every cache element that serves it
    /// (only those last validated longer than <paramref name="olderThan"/> ago, when given). Dirty data is never dropped.
    /// </summary>
    /// <returns>How many cached files and directories were dropped.</returns>
    /// <exception cref="NamespaceException">InvalidPath; InvalidArgument when no cache element serves anything at or below the path; or a cache element's error.</exception>
    public static async ValueTask<long> PurgeAsync(this VirtualOS os, string path, TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(os);
        var target = os.ResolvePath(path);
        long? dropped = null;
        foreach (var (mount, cached) in CacheLayer.CacheElements(os.Mounts))
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
    public static async ValueTask<NsEntry> RevalidateAsync(this VirtualOS os, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(os);
        var target = os.ResolvePath(path);
        if (os.MountServing(target) is { } mount)
        {
            var relative = target.RelativeTo(mount.Path);
            foreach (var element in mount.Composed)
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
                        throw mount.InNamespace(ex, element);
                    }
                    if (entry is not null) return relative.IsRoot ? entry with { Name = target.Name } : entry;
                    continue;
                }
                // An element before any cache element that has the name answers, as lookup would.
                NsEntry? found;
                try
                {
                    found = await element.Provider.StatAsync(element.Map(relative), cancellationToken).ConfigureAwait(false);
                }
                catch (NamespaceException ex)
                {
                    throw mount.InNamespace(ex, element);
                }
                if (found is not null) break;
            }
        }
        return await os.StatAsync(target.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every cache element in the namespace with its options, counters and usage, in mount order.</summary>
    /// <exception cref="NamespaceException">A cache store's error.</exception>
    public static async ValueTask<IReadOnlyList<CacheElementStatus>> CacheStatusAsync(this VirtualOS os, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(os);
        var result = new List<CacheElementStatus>();
        foreach (var (mount, cached) in CacheLayer.CacheElements(os.Mounts))
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
    /// Saves the counters and access times of every cache element of the namespace's cache layer now (they are otherwise
    /// saved a second after they change), its forks' too, once the copies still being committed are in their stores and
    /// the purge ticks under way are over; call before exiting.
    /// </summary>
    public static async Task SaveCacheStateAsync(this VirtualOS os)
    {
        ArgumentNullException.ThrowIfNull(os);
        foreach (var layer in os.Composers.OfType<CacheLayer>()) await layer.SaveAsync().ConfigureAwait(false);
    }
}
