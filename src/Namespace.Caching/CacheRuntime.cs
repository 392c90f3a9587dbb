using Namespace.Core.Paths;

namespace Namespace.Caching;

/// <summary>
/// What one cache element keeps while it lives: its counters, the watermark set when its origin's change events were
/// lost, and whether it follows those events. One per cache element (a directory of a store at a mount point), made by
/// the store's <see cref="CacheHost"/> and shared by every union composed for the element, so a bind at its mount point,
/// which composes the union anew, loses none of it. The rest an element needs belongs to its store, and is passed on to
/// the host it shares with the other elements of the store.
/// </summary>
internal sealed class CacheRuntime(CacheHost host, VPath root)
{
    private long _watermarkTicks;
    private int _following;

    /// <summary>The host of the element's store.</summary>
    public CacheHost Host => host;

    /// <summary>The directory of the store the element keeps its copies in.</summary>
    public VPath Root => root;

    /// <summary>What the element counted and has not saved yet (guarded by the host's lock).</summary>
    internal CacheCounters Unsaved { get; set; }

    public ICacheStore Store => host.Store;

    public TimeProvider Clock => host.Clock;

    public DateTimeOffset Now => host.Now;

    /// <summary>Entries validated before this were validated before change events were lost: not fresh, whatever the TTL says.</summary>
    public DateTimeOffset Watermark => new(Interlocked.Read(ref _watermarkTicks), TimeSpan.Zero);

    public void LoseEvents() => Interlocked.Exchange(ref _watermarkTicks, Now.UtcTicks);

    /// <summary>True once the element followed its origin's change events: a union composed for it anew follows them at once.</summary>
    public bool Following
    {
        get => Volatile.Read(ref _following) == 1;
        set => Volatile.Write(ref _following, value ? 1 : 0);
    }

    public void Count(CacheCounters delta) => host.Count(this, delta);

    /// <summary>The element's counters (see <see cref="CacheHost.CountersAsync"/>).</summary>
    public Task<CacheCounters> CountersAsync(CancellationToken cancellationToken) => host.CountersAsync(this, cancellationToken);

    // The store's, shared with the other elements of the store (see CacheHost).

    public SemaphoreSlim EvictionGate => host.EvictionGate;

    public void Touch(VPath path) => host.Touch(path);

    public Task SaveAsync() => host.SaveAsync();

    public CacheHost.Flight Join(VPath path, out bool leader) => host.Join(path, out leader);

    internal CacheHost.Flight? InFlight(VPath path) => host.InFlight(path);

    public Task SettledAsync(VPath path, SettleScope scope = SettleScope.Path) => host.SettledAsync(path, scope);

    public void Spoil(VPath path) => host.Spoil(path);

    public CacheHost.RangedFetch BeginRangedFetch(VPath path) => host.BeginRangedFetch(path);

    public CacheUsage? AddToKnownUsage(VPath path, CacheUsage added, VPath root) => host.AddToKnownUsage(path, added, root);

    public void SetKnownUsage(VPath root, CacheUsage usage) => host.SetKnownUsage(root, usage);
}
