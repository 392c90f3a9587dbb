using System.Runtime.CompilerServices;
using Namespace.Core.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;

namespace Namespace.Caching;

/// <summary>
/// The cache layer of a namespace (DESIGN §4): composes each union's first cache element (<c>-C</c>) and the elements
/// after it (its origin) into one element that caches the origin, refuses cache elements that would fail or lose data,
/// and runs each cache element (its purge ticker, its following of its origin's changes) while some namespace publishes
/// it: the namespace it was made for, its sessions and its forks. Give it to a namespace when making one:
/// <c>new VirtualOS(new CacheLayer())</c>.
/// </summary>
public sealed class CacheLayer : IUnionComposer
{
    private readonly Lock _lock = new();
    // One host per store, for as long as the store lives (held weakly: a store whose mount was refused leaves nothing).
    private readonly ConditionalWeakTable<ICacheStore, CacheHost> _hosts = new();
    // The running cache elements, and how many namespaces publish each (forks publish the same mount points).
    private readonly Dictionary<CachedProvider, int> _published = [];
    // Elements stopped whose tick under way, or saving, is not over yet.
    private readonly HashSet<Task> _stopping = [];

    /// <inheritdoc/>
    /// <exception cref="NamespaceException">InvalidArgument for bad options or a provider that cannot cache; NotSupported for <c>mode=writeback</c>.</exception>
    public UnionElement[] Compose(VPath mountPath, UnionElement[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var k = Array.FindIndex(elements, e => e.Cache);
        // A cache element with nothing after it caches nothing: an ordinary element.
        if (k < 0 || k == elements.Length - 1) return elements;
        var element = elements[k];
        if (element.Provider is not ICacheStore store)
            throw NsErrors.InvalidArgument(mountPath, $"{element} cannot be a cache element (cache in a db or mem provider)");
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
        var host = _hosts.GetValue(store, static s => new CacheHost(s));
        var cached = new CachedProvider(mountPath, element, store, origin, options, host.Element(element.Root, mountPath));
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

    // A cache element starts once a table that holds it is published (one refused at mount must never purge), and stops
    // once no namespace publishes one that holds it.
    /// <inheritdoc/>
    public void Published(IReadOnlyCollection<MountPoint> before, IReadOnlyCollection<MountPoint> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var was = Running(before);
        var now = Running(after);
        lock (_lock)
        {
            // Starts first: where a bind composed a union anew, the new element follows the origin before the old one
            // stops, so no change event falls between them.
            foreach (var cached in now)
            {
                if (was.Contains(cached)) continue;
                var count = _published.GetValueOrDefault(cached) + 1;
                _published[cached] = count;
                if (count == 1) cached.Start();
            }
            foreach (var cached in was)
            {
                if (now.Contains(cached) || !_published.TryGetValue(cached, out var count)) continue;
                if (count > 1)
                {
                    _published[cached] = count - 1;
                    continue;
                }
                _published.Remove(cached);
                var stopping = cached.StopAsync();
                if (stopping.IsCompleted) continue;
                _stopping.Add(stopping);
                _ = stopping.ContinueWith(done =>
                {
                    lock (_lock) _stopping.Remove(done);
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    // The cache elements a table runs: those its unions compose, and those composed inside their origins.
    private static HashSet<CachedProvider> Running(IEnumerable<MountPoint> mounts)
    {
        var running = new HashSet<CachedProvider>();
        foreach (var mount in mounts) Add(mount.Composed);
        return running;

        void Add(IEnumerable<UnionElement> elements)
        {
            foreach (var element in elements)
            {
                if (element.Provider is CachedProvider cached && running.Add(cached)) Add(cached.Origin.Composed);
            }
        }
    }

    /// <summary>
    /// Saves what every cache element of this layer counted and noted, once the elements being stopped have stopped and
    /// the purge ticks under way and the copies being committed are done (nsh calls it before exiting).
    /// </summary>
    internal async Task SaveAsync()
    {
        Task[] stopping;
        Task[] ticking;
        lock (_lock)
        {
            stopping = [.. _stopping];
            ticking = [.. _published.Keys.Select(c => c.Ticking)];
        }
        await Task.WhenAll(stopping).ConfigureAwait(false);
        await Task.WhenAll(ticking).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var (_, host) in _hosts)
        {
            await host.SettledAsync(VPath.Root, SettleScope.Subtree).ConfigureAwait(false);
            await host.SaveAsync().ConfigureAwait(false);
        }
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
        foreach (var plain in mounts)
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
