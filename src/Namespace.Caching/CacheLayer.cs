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
/// and runs each cache element (its purge ticker, its following of its origin's changes) while some namespace publishes
/// it: the namespace it was made for, its sessions and its forks. Give it to a namespace when making one:
/// <c>new VirtualOS(new CacheLayer())</c>.
/// </summary>
public sealed class CacheLayer : IUnionComposer
{
    // A memfs bound as a cache element keeps nothing in its own tree: the cache keeps its copies in a store of its own,
    // one per memfs, for as long as that memfs lives.
    private readonly ConditionalWeakTable<MemoryFileSystem, MemoryCacheStore> _memoryStores = new();
    private readonly Lock _lock = new();
    // One host per store, for as long as the store lives (held weakly: a store whose mount was refused leaves nothing).
    private readonly ConditionalWeakTable<ICacheStore, CacheHost> _hosts = new();
    // The running cache elements, and how many namespaces publish each (forks publish the same mount points).
    private readonly HoldCounts<CachedProvider> _published = new();
    // Elements stopped whose tick under way, or saving, is not over yet.
    private readonly HashSet<Task> _stopping = [];

    /// <inheritdoc/>
    /// <exception cref="NamespaceException">InvalidArgument for bad options, a provider that cannot cache, or <c>mode=writeback</c> over an origin that takes no writes; NotSupported for <c>mode=writeback</c> in a store without a journal.</exception>
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
        var origin = new UnionProvider(elements[(k + 1)..], this);
        if (options.Mode == CacheMode.WriteBack)
        {
            if (store is not ICacheJournal)
                throw new NamespaceException(NsErrorKind.NotSupported, mountPath.Value, $"mode=writeback: {element} keeps no write-back journal (cache in a mem provider)");
            // Where the origin creates files: its create element, or its only element (as the namespace decides).
            var creates = Array.Exists(origin.Elements, e => e.Create) || origin.Elements.Count(e => !e.Cache) == 1;
            if (!origin.Capabilities.HasFlag(ProviderCapabilities.Write) || !creates)
                throw NsErrors.InvalidArgument(mountPath, $"mode=writeback needs a writable origin to upload to: {string.Join(" ", (IEnumerable<UnionElement>)origin.Elements)} takes no writes");
        }
        var host = _hosts.GetValue(store, static s => new CacheHost(s));
        var cached = new CachedProvider(mountPath, element, store, origin, options, host.Element(element.Root, mountPath));
        var create = Array.Exists(origin.Elements, e => e.Create);
        return [.. elements[..k], new UnionElement(cached, VPath.Root, create, Cache: false, [])];
    }

    // A file as a cache element would fail every fill, each counted as an error and nothing said; two origins cached in
    // the same place of one store would serve each other's copies (SharingChecked).
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
            _published.Move(was, now, first: cached => cached.Start(), last: Stop);
        }
    }

    // Under _lock: no namespace publishes the element any more.
    private void Stop(CachedProvider cached)
    {
        var stopping = cached.StopAsync();
        if (stopping.IsCompleted) return;
        _stopping.Add(stopping);
        _ = stopping.ContinueWith(done =>
        {
            lock (_lock) _stopping.Remove(done);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <inheritdoc/>
    public async ValueTask StoppedAsync()
    {
        Task[] stopping;
        lock (_lock) stopping = [.. _stopping];
        await Task.WhenAll(stopping).ConfigureAwait(false);
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
            ticking = [.. _published.Held.Select(c => c.Ticking)];
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
    // serve (and purge, and evict) the other's copies as its own. A plain mount of the store is no concern: the cache's
    // copies are never files of it.
    private static void SharingChecked(IReadOnlyCollection<MountPoint> mounts, MountPoint mount)
    {
        var changed = mount.Path;
        var caches = CacheElements(mounts);
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
