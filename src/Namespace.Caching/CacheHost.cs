using System.Runtime.CompilerServices;
using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Caching;

/// <summary>
/// What the cache elements keeping their copies in one store share, in one namespace's cache layer (which makes one host
/// per store and owns it): the store and its clock, the misses in flight (single-flight) and the copies being committed,
/// the eviction gate and the usage known per cache directory, the reads noted for the eviction policy, and the saving of
/// those reads and of each element's counters (a second after the first thing noted, and when asked). Each element's own
/// state is its <see cref="CacheRuntime"/>, made here. When the last running element of the store stops, what was noted
/// is saved and nothing stays scheduled; should another start, the host serves it again.
/// </summary>
internal sealed class CacheHost
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);
    private const int WritesKept = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<VPath, Flight> _flights = [];
    private readonly HashSet<RangedFetch> _rangedFetches = [];
    private readonly Dictionary<(VPath Root, VPath MountPath), CacheRuntime> _elements = [];
    private int _committing;
    private long _committingBytes;
    private Dictionary<VPath, DateTimeOffset> _touched = [];
    private Task _saving = Task.CompletedTask;
    private ITimer? _saveTimer;
    private int _running;
    // Per cache element root: what the store held there when last measured, plus what fills and writes through the cache
    // added since (see CachedProvider.EnforceLimitsAsync).
    private readonly Dictionary<VPath, StrongBox<CacheUsage>> _knownUsage = [];
    // Paths (of the store) written through a cache element lately, most recent last, each with the commit of its latest
    // write: the origin reports such a write as a change like any other, and the element that made it, or another seeing
    // the same origin, must not drop the copy for it. Only the latest few are kept: for an older one a late event drops
    // the copy, as any change does, which costs a fetch.
    private readonly Dictionary<VPath, Task> _writes = [];
    private readonly Queue<VPath> _writeOrder = new();

    public CacheHost(ICacheStore store)
    {
        Store = store;
        Clock = store.Clock;
    }

    public ICacheStore Store { get; }

    public TimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Serialises eviction passes.</summary>
    public SemaphoreSlim EvictionGate { get; } = new(1, 1);

    /// <summary>
    /// The runtime of the cache element mounted at <paramref name="mountPath"/> that keeps its copies at
    /// <paramref name="root"/> of the store: one for every union composed there (a bind at the mount point composes the
    /// union anew), so what it counted and learnt carries over to the next.
    /// </summary>
    public CacheRuntime Element(VPath root, VPath mountPath)
    {
        lock (_lock)
        {
            if (!_elements.TryGetValue((root, mountPath), out var element)) _elements.Add((root, mountPath), element = new CacheRuntime(this, root));
            return element;
        }
    }

    /// <summary>An element of this store starts running.</summary>
    public void Acquire()
    {
        lock (_lock) _running++;
    }

    /// <summary>
    /// An element of this store stopped: once the copies being committed are in the store, what was counted and noted is
    /// saved. After the last one, no save stays scheduled, and the usage known is forgotten (nothing here sees the store
    /// change until another element starts).
    /// </summary>
    public async Task ReleaseAsync()
    {
        lock (_lock)
        {
            if (--_running == 0) _knownUsage.Clear();
        }
        await SettledAsync(VPath.Root, SettleScope.Subtree).ConfigureAwait(false);
        await SaveAsync().ConfigureAwait(false);
    }

    /// <summary>Notes a read of a cached file; saved with the counters (reads stay free of writes).</summary>
    public void Touch(VPath path)
    {
        var now = Now;
        lock (_lock)
        {
            _touched[path] = now;
            EnsureSaving();
        }
    }

    /// <summary>Adds <paramref name="delta"/> to what <paramref name="element"/> counted and has not saved yet.</summary>
    public void Count(CacheRuntime element, CacheCounters delta)
    {
        lock (_lock)
        {
            element.Unsaved += delta;
            EnsureSaving();
        }
    }

    // Under _lock: what is noted in memory is saved a second after the first note that finds no save scheduled.
    private void EnsureSaving() => _saveTimer ??= Clock.CreateTimer(_ => _ = SaveAsync(), null, SaveInterval, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// <paramref name="element"/>'s counters: those the store keeps for its root (saved by it, by earlier sessions and
    /// by other processes using the same directory of the store) plus those not saved yet.
    /// </summary>
    // In the saving chain, so no save is half done (taken from memory, not yet in the store) while it reads.
    public Task<CacheCounters> CountersAsync(CacheRuntime element, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var read = _saving.ContinueWith(async _ =>
            {
                var saved = await Store.ReadCountersAsync(element.Root, cancellationToken).ConfigureAwait(false);
                lock (_lock) return saved + element.Unsaved;
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _saving = read;
            return read;
        }
    }

    /// <summary>Writes the counters and reads not saved yet to the store.</summary>
    public Task SaveAsync()
    {
        lock (_lock)
        {
            _saving = _saving.ContinueWith(_ => SaveCoreAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            return _saving;
        }
    }

    private async Task SaveCoreAsync()
    {
        var deltas = new Dictionary<CacheRuntime, CacheCounters>();
        Dictionary<VPath, DateTimeOffset> touched;
        ITimer? timer;
        lock (_lock)
        {
            (timer, _saveTimer) = (_saveTimer, null);
            foreach (var element in _elements.Values)
            {
                if (element.Unsaved.IsZero) continue;
                deltas[element] = element.Unsaved;
                element.Unsaved = default;
            }
            touched = _touched;
            if (touched.Count > 0) _touched = [];
        }
        if (timer is not null) await timer.DisposeAsync().ConfigureAwait(false);
        foreach (var (path, when) in touched)
        {
            try
            {
                await Store.TouchAsync(path, when).ConfigureAwait(false);
            }
            catch (NamespaceException)
            {
                // Counted against the element whose copy it is.
                if (Owner(path) is { } element) deltas[element] = deltas.GetValueOrDefault(element) + new CacheCounters(0, 0, 0, 0, Errors: 1, 0, 0);
            }
        }
        // Elements at one root of the store (mounted at two places) share its row.
        var byRoot = new Dictionary<VPath, CacheCounters>();
        foreach (var (element, delta) in deltas) byRoot[element.Root] = byRoot.GetValueOrDefault(element.Root) + delta;
        if (byRoot.Values.All(d => d.IsZero)) return;
        try
        {
            await Store.AddCountersAsync(byRoot).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            // Try again with the next save.
            lock (_lock)
            {
                foreach (var (element, unsaved) in deltas) element.Unsaved += unsaved;
                EnsureSaving();
            }
        }
    }

    // The element that keeps the copy at path: the one with the deepest root above it.
    private CacheRuntime? Owner(VPath path)
    {
        lock (_lock) return _elements.Values.Where(e => path.IsUnder(e.Root)).MaxBy(e => e.Root.Depth);
    }

    /// <summary>
    /// A write through the cache to <paramref name="path"/> is about to be committed at the origin: dispose the result
    /// once the copy has the origin's new version, or was forgotten (see <see cref="WriteAt"/>).
    /// </summary>
    public IDisposable Writing(VPath path)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (!_writes.ContainsKey(path))
            {
                _writeOrder.Enqueue(path);
                if (_writeOrder.Count > WritesKept) _writes.Remove(_writeOrder.Dequeue());
            }
            _writes[path] = written.Task;
        }
        return new Written(written);
    }

    /// <summary>The commit of the latest write through the cache to <paramref name="path"/> (done or not), when one was made lately.</summary>
    public Task? WriteAt(VPath path)
    {
        lock (_lock) return _writes.GetValueOrDefault(path);
    }

    private sealed class Written(TaskCompletionSource done) : IDisposable
    {
        public void Dispose() => done.TrySetResult();
    }

    /// <summary>The miss in flight for <paramref name="path"/>, if any (for tests).</summary>
    internal Flight? InFlight(VPath path)
    {
        lock (_lock) return _flights.GetValueOrDefault(path);
    }

    /// <summary>Joins the miss in flight for <paramref name="path"/>, or starts one (then <paramref name="leader"/> is true).</summary>
    public Flight Join(VPath path, out bool leader)
    {
        lock (_lock)
        {
            if (_flights.TryGetValue(path, out var flight))
            {
                flight.AddWaiter();
                leader = false;
                return flight;
            }
            flight = new Flight(this, path);
            _flights[path] = flight;
            leader = true;
            return flight;
        }
    }

    private void Land(Flight flight)
    {
        lock (_lock)
        {
            if (_flights.TryGetValue(flight.Path, out var current) && ReferenceEquals(current, flight)) _flights.Remove(flight.Path);
            if (!flight.Committing) return;
            Volatile.Write(ref _committing, _committing - 1);
            _committingBytes -= flight.CommittingBytes;
        }
    }

    private long Committing(long bytes)
    {
        lock (_lock)
        {
            Volatile.Write(ref _committing, _committing + 1);
            return _committingBytes += bytes;
        }
    }

    /// <summary>
    /// A fill (or a write through the cache) of <paramref name="added"/> landed at <paramref name="path"/>: counted in the known usage of every root above it.
    /// Returns the known usage of <paramref name="root"/> afterwards, or null when it has none. Called under <see cref="EvictionGate"/>.
    /// </summary>
    public CacheUsage? AddToKnownUsage(VPath path, CacheUsage added, VPath root)
    {
        lock (_lock)
        {
            foreach (var (at, usage) in _knownUsage)
            {
                if (path.IsUnder(at)) usage.Value = new CacheUsage(usage.Value.Files + added.Files, usage.Value.Bytes + added.Bytes);
            }
            return _knownUsage.TryGetValue(root, out var known) ? known.Value : null;
        }
    }

    /// <summary>What <paramref name="root"/> holds, as just measured (or measured and then evicted from). Called under <see cref="EvictionGate"/>.</summary>
    public void SetKnownUsage(VPath root, CacheUsage usage)
    {
        lock (_lock)
        {
            if (_knownUsage.TryGetValue(root, out var known)) known.Value = usage;
            else _knownUsage.Add(root, new StrongBox<CacheUsage>(usage));
        }
    }

    /// <summary>
    /// Completes once the copies being committed at <paramref name="path"/> (or, with <paramref name="scope"/>, its children
    /// or everything at and below it) are in the store, so a look at the store afterwards sees them. Copies still
    /// being fetched are not waited for: their reader may take any time.
    /// </summary>
    public Task SettledAsync(VPath path, SettleScope scope = SettleScope.Path)
    {
        // Lock-free when nothing is being committed (every warm read passes here): a commit started before this call on
        // the same flow of control (cat f; cat f) has raised the count before it is read.
        if (Volatile.Read(ref _committing) == 0) return Task.CompletedTask;
        List<Task>? pending = null;
        lock (_lock)
        {
            foreach (var (at, flight) in _flights)
            {
                if (!flight.Committing) continue;
                var covered = scope switch
                {
                    SettleScope.Path => at == path,
                    SettleScope.Children => !at.IsRoot && at.Parent == path,
                    _ => at.IsUnder(path),
                };
                if (!covered) continue;
                flight.WaitedFor();
                (pending ??= []).Add(flight.Landed);
            }
        }
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }

    /// <summary>
    /// The copies in flight at and below <paramref name="path"/> describe what the origin had before a change (made
    /// through the cache, or told by a change event): they are not to be kept (see <see cref="Flight.Spoiled"/>), nor are
    /// the ranges being fetched there (<see cref="BeginRangedFetch"/>): they are the old version's, and kept after the
    /// change they would make a fresh copy of it, read back in place of the new version.
    /// </summary>
    public void Spoil(VPath path)
    {
        lock (_lock)
        {
            foreach (var (at, flight) in _flights)
            {
                if (at.IsUnder(path)) flight.Spoil();
            }
            foreach (var fetch in _rangedFetches)
            {
                if (fetch.Path.IsUnder(path)) fetch.Spoil();
            }
        }
    }

    /// <summary>
    /// A ranged fetch of <paramref name="path"/> begins: what it brings is of the version the origin had before any change
    /// made through the cache while it runs, and is not to be kept once <see cref="Spoil"/> covers it. Dispose it when it is done.
    /// </summary>
    public RangedFetch BeginRangedFetch(VPath path)
    {
        var fetch = new RangedFetch(this, path);
        lock (_lock) _rangedFetches.Add(fetch);
        return fetch;
    }

    /// <summary>One ranged request to the origin and the keeping of its bytes (see <see cref="BeginRangedFetch"/>).</summary>
    internal sealed class RangedFetch(CacheHost owner, VPath path) : IDisposable
    {
        private bool _spoiled;

        public VPath Path { get; } = path;

        /// <summary>True once a change at or above <see cref="Path"/> was made while this fetch ran.</summary>
        public bool Spoiled => Volatile.Read(ref _spoiled);

        public void Spoil() => Volatile.Write(ref _spoiled, true);

        public void Dispose()
        {
            lock (owner._lock) owner._rangedFetches.Remove(this);
        }
    }

    /// <summary>One origin fetch of one path, that other readers of the path wait for instead of fetching too.</summary>
    internal sealed class Flight(CacheHost owner, VPath path)
    {
        private readonly TaskCompletionSource _landed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiters;

        public VPath Path { get; } = path;

        /// <summary>How many readers wait for this fetch.</summary>
        public int Waiters => Volatile.Read(ref _waiters);

        /// <summary>True while some reader waits for this fetch.</summary>
        public bool HasWaiters => Volatile.Read(ref _waiters) > 0;

        public Task Landed => _landed.Task;

        // Makes a commit held for others now (IDeferrableCommit.CommitWaitedFor); set before Committing.
        private Action? _waitedFor;

        /// <summary>Another reader waits for this fetch: if its copy is already being committed, that commit is not held.</summary>
        public void AddWaiter()
        {
            Interlocked.Increment(ref _waiters);
            WaitedFor();
        }

        /// <summary>Someone waits for the commit of this copy (see <see cref="StartCommitting"/>): it is made now, not held for others.</summary>
        public void WaitedFor() => Volatile.Read(ref _waitedFor)?.Invoke();

        /// <summary>Waits for the fetch to land; a reader that gives up waiting no longer counts as waiting for it.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _landed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Decrement(ref _waiters);
                throw;
            }
        }

        /// <summary>True once the reader has all the bytes and the copy is being committed to the store.</summary>
        public bool Committing { get; private set; }

        /// <summary>
        /// True once the origin changed what this copy is of (an event, a change made through the namespace): the copy
        /// is not committed, or dropped again if the change came while it was being committed.
        /// </summary>
        public bool Spoiled => Volatile.Read(ref _spoiled);

        private bool _spoiled;

        public void Spoil() => Volatile.Write(ref _spoiled, true);

        /// <summary>The size of the copy being committed (what it may hold in memory until then).</summary>
        public long CommittingBytes { get; private set; }

        /// <summary>
        /// The reader is done with a copy of <paramref name="bytes"/> bytes; the commit that follows is waited for by
        /// <see cref="SettledAsync"/>, which calls <paramref name="waitedFor"/> (as does a reader joining now) so that a
        /// commit held for others is made at once. Returns the bytes of all the copies being committed now, this one included.
        /// </summary>
        public long StartCommitting(long bytes, Action waitedFor)
        {
            if (Committing) return 0;
            // A full fence: a waiter added from now on sees it, or HasWaiters (read after this) sees the waiter.
            Interlocked.Exchange(ref _waitedFor, waitedFor);
            Committing = true;
            CommittingBytes = bytes;
            return owner.Committing(bytes);
        }

        private int _landedOnce;

        /// <summary>The fetch is over (filled or not): waiters look again.</summary>
        public void Land()
        {
            if (Interlocked.Exchange(ref _landedOnce, 1) == 1) return;
            owner.Land(this);
            _landed.TrySetResult();
        }
    }
}

/// <summary>What <see cref="CacheHost.SettledAsync"/> waits for, relative to its path.</summary>
internal enum SettleScope
{
    /// <summary>The path itself.</summary>
    Path,

    /// <summary>The entries directly in the directory at the path.</summary>
    Children,

    /// <summary>The path and everything below it.</summary>
    Subtree,
}
