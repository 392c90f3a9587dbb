using System.Runtime.CompilerServices;
using Namespace.Core.Errors;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// The cache layer of a namespace (DESIGN §4): composes each union's first cache element (<c>-C</c>) and the elements
/// after it (its origin) into one element that caches the origin, refuses cache elements that would fail or lose data,
/// and starts their purge tickers once the namespace accepts them. Give it to a namespace when making one:
/// <c>new VirtualOS(new CacheLayer())</c>.
/// </summary>
public sealed class CacheLayer : IUnionComposer
{
    // A memfs bound as a cache element keeps nothing in its own tree: the cache keeps its copies in a store of its own,
    // one per memfs, for as long as that memfs lives.
    private readonly ConditionalWeakTable<MemoryFileSystem, MemoryCacheStore> _memoryStores = new();

    /// <inheritdoc/>
    /// <exception cref="NamespaceException">InvalidArgument for bad options or a provider that cannot cache; NotSupported for <c>mode=writeback</c>.</exception>
    public UnionElement[] Compose(VPath mountPath, UnionElement[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var k = Array.FindIndex(elements, e => e.Cache);
        // A cache element with nothing after it caches nothing: an ordinary element.
        if (k < 0 || k == elements.Length - 1) return elements;
        var element = elements[k];
        var store = element.Provider switch
        {
            ICacheStore own => own,
            MemoryFileSystem memory => _memoryStores.GetValue(memory, m => new MemoryCacheStore(m.Clock)),
            _ => throw NsErrors.InvalidArgument(mountPath, $"{element} cannot be a cache element (cache in a db or mem provider)"),
        };
        CacheOptions options;
        try
        {
            options = CacheOptions.Parse(element.Options);
        }
        catch (ArgumentException ex)
        {
            throw NsErrors.InvalidArgument(mountPath, ex.Message);
        }
        if (options.Mode == CacheMode.WriteBack)
            throw new NamespaceException(NsErrorKind.NotSupported, mountPath.Value, "mode=writeback: not available yet (arrives with the write-back uploader)");
        var origin = new UnionProvider(elements[(k + 1)..], this);
        var cached = new CachedProvider(mountPath, element, store, origin, options);
        var create = Array.Exists(origin.Elements, e => e.Create);
        return [.. elements[..k], new UnionElement(cached, VPath.Root, create, Cache: false, [])];
    }

    // Each check guards against one way a cache would fail or lose data:
    // - a file as a cache element: every fill into it would fail, each counted as an error and nothing said;
    // - a store holding files written outside a cache (through the store mounted plainly, in this session or an earlier
    //   one): the cache treats every clean file at and below its root as its own copy, so purge, eviction and "not found"
    //   from the origin would drop them;
    // - sharing (SharingChecked).
    /// <inheritdoc/>
    public async ValueTask CheckAsync(IReadOnlyCollection<MountPoint> mounts, MountPoint changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        ArgumentNullException.ThrowIfNull(changed);
        foreach (var item in changed.Composed)
        {
            if (item.Provider is not CachedProvider cached) continue;
            var element = cached.CacheElement;
            if (await element.Provider.StatAsync(element.Root, cancellationToken).ConfigureAwait(false) is { IsDirectory: false })
                throw NsErrors.InvalidArgument(changed.Path, $"{element} cannot be a cache element: it is a file, not a directory");
            if (await cached.Runtime.Store.FindLocalFileAsync(element.Root, cancellationToken).ConfigureAwait(false) is { } file)
                throw NsErrors.InvalidArgument(changed.Path,
                    $"{element} holds files written outside a cache ({file}); its purge and eviction would remove them: " +
                    "give the cache its own store, or an empty directory of this one");
        }
        SharingChecked(mounts, changed);
    }

    // Purge tickers start once the table that holds their cache elements is accepted: a cache element refused at mount
    // must never purge.
    /// <inheritdoc/>
    public void Published(IReadOnlyCollection<MountPoint> before, IReadOnlyCollection<MountPoint> after)
    {
        ArgumentNullException.ThrowIfNull(after);
        foreach (var (_, cached) in CacheElements(after)) cached.Start();
    }

    // Two cache elements keeping copies in the same place of one store must cache the same origin there, or each would
    // serve (and purge, and evict) the other's copies as its own. Nor may the directory a cache keeps its copies in, or
    // one inside it, be mounted plainly (not as a cache element) too: every file written through that mount would be
    // purged and evicted as a copy. A plain mount of a directory above it is how `bind -bC /db/web /web` names the cache's
    // directory, and stays allowed: only a path into the cache's directory reaches its copies.
    private static void SharingChecked(IReadOnlyCollection<MountPoint> mounts, MountPoint mount)
    {
        var changed = mount.Path;
        var caches = CacheElements(mounts);
        // Only a store that keeps its copies as files of its own tree (dbfs, until its cache tables land) can be reached by
        // a plain mount: a store of the cache's own (MemoryCacheStore) shares nothing with the file system it was bound from.
        foreach (var plain in caches.Exists(c => c.Cached.Runtime.Store is IFileProvider) ? mounts : [])
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
        foreach (var item in mount.Composed)
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

    /// <summary>The cache elements of <paramref name="mounts"/> with the mount point each serves, in mount order.</summary>
    internal static List<(MountPoint Mount, CachedProvider Cached)> CacheElements(IEnumerable<MountPoint> mounts)
    {
        var result = new List<(MountPoint, CachedProvider)>();
        foreach (var mount in mounts)
        {
            foreach (var element in mount.Composed)
            {
                if (element.Provider is CachedProvider cached) result.Add((mount, cached));
            }
        }
        return result;
    }
}
