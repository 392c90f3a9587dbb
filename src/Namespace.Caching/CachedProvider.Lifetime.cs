using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

// A cache element's life in the namespaces that publish it (CacheLayer.Published starts and stops it): while it runs it
// has its own purge ticker, with its own options, and from its first use follows its own origin's change events, through
// one subscription that the watchers looking through it share.
internal sealed partial class CachedProvider
{
    private readonly Lock _life = new();
    private readonly Lock _invalidationLock = new();
    private Task _invalidations = Task.CompletedTask;
    private bool _running;
    private int _following;
    private ITimer? _ticker;
    private Task _ticking = Task.CompletedTask;
    private IDisposable? _originEvents;
    private Listener[] _listeners = [];

    /// <summary>
    /// Starts what the element runs once a namespace has accepted it (one refused at mount must never purge): its purge
    /// ticker, as its options ask, and following its origin's change events when the element it replaces at its mount
    /// point did (a bind there composed the union anew), so no change falls between the two.
    /// </summary>
    internal void Start()
    {
        lock (_life)
        {
            if (_running) return;
            _running = true;
            _runtime.Host.Acquire();
            if ((Options.PurgeInterval ?? Options.MaxAge) is { } interval) _ticker = _runtime.Clock.CreateTimer(_ => Tick(), null, interval, interval);
            if (_runtime.Following) FollowLocked();
            Uploader?.Start();
        }
    }

    /// <summary>
    /// Stops the element's ticker, and its subscription to the origin unless watchers still listen through it; completes
    /// once a tick under way is over and what the element counted is saved.
    /// </summary>
    internal Task StopAsync()
    {
        ITimer? ticker;
        IDisposable? events;
        Task ticking;
        lock (_life)
        {
            if (!_running) return Task.CompletedTask;
            _running = false;
            (ticker, _ticker, ticking) = (_ticker, null, _ticking);
            events = _listeners.Length == 0 ? TakeOriginEvents() : null;
        }
        ticker?.Dispose();
        events?.Dispose();
        return StoppedAsync(Uploader is { } uploader ? Task.WhenAll(ticking, uploader.StopAsync()) : ticking);
    }

    private async Task StoppedAsync(Task ticking)
    {
        await ticking.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _runtime.Host.ReleaseAsync().ConfigureAwait(false);
    }

    /// <summary>The purge tick under way, or a completed task.</summary>
    internal Task Ticking
    {
        get
        {
            lock (_life) return _ticking;
        }
    }

    private void Tick()
    {
        lock (_life)
        {
            if (!_running) return;
            // One tick after another, each reading the clock as it starts: a slow store never purges for one element twice at once.
            _ticking = _ticking.IsCompleted
                ? PurgeTickAsync()
                : _ticking.ContinueWith(_ => PurgeTickAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    // The origin's change events are followed from the first use of the cache, not from the mount: a script that only
    // builds its namespace pays nothing for it, and nothing is lost (changes made before the first use could not have
    // been seen as events anyway; the TTL covers them, as it covers changes made while nsh was not running). An element
    // no namespace runs any more follows nothing.
    private void Follow()
    {
        if (Volatile.Read(ref _following) != 0) return;
        lock (_life)
        {
            if (_running) FollowLocked();
        }
    }

    private void FollowLocked()
    {
        Volatile.Write(ref _following, 1);
        _runtime.Following = true;
        SubscribeLocked();
    }

    // Under _life: the one subscription to the origin's events, made when first wanted.
    private void SubscribeLocked()
    {
        if (_originEvents is not null || !Origin.Capabilities.HasFlag(ProviderCapabilities.Watch)) return;
        try
        {
            _originEvents = Origin.Subscribe(VPath.Root, OnOriginChange);
        }
        catch (NamespaceException)
        {
            // No change events from this origin: the TTL alone keeps the cache honest.
        }
    }

    // Under _life: the subscription, to be disposed outside the lock, once nothing wants it.
    private IDisposable? TakeOriginEvents()
    {
        var events = _originEvents;
        _originEvents = null;
        return events;
    }

    /// <summary>
    /// The origin's change events at or below <paramref name="path"/>, in the order the origin reports them, each passed
    /// on only once the cache has let go of what it held for that path, so a watcher that reads again when told gets the
    /// new content, not the copy the event was about. Watchers share the element's one subscription to its origin.
    /// </summary>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange)
    {
        var listener = new Listener(this, path, onChange);
        lock (_life)
        {
            _listeners = [.. _listeners, listener];
            SubscribeLocked();
        }
        return listener;
    }

    private void Unlisten(Listener listener)
    {
        IDisposable? events = null;
        lock (_life)
        {
            _listeners = Array.FindAll(_listeners, l => !ReferenceEquals(l, listener));
            if (_listeners.Length == 0 && !(_running && _following != 0)) events = TakeOriginEvents();
        }
        events?.Dispose();
    }

    private void OnOriginChange(ChangeEvent change)
    {
        lock (_invalidationLock)
        {
            _invalidations = _invalidations.ContinueWith(async _ =>
            {
                await ApplyAsync(change).ConfigureAwait(false);
                foreach (var listener in Volatile.Read(ref _listeners)) listener.Offer(change);
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>A write through the cache to <paramref name="path"/> is about to be committed at the origin (see <see cref="CacheHost.Writing"/>).</summary>
    internal IDisposable Writing(VPath path) => _runtime.Host.Writing(Cached(path));

    // True when the origin reports a write made through the cache (through this element or another of its store) whose
    // copy the cache holds: the origin still has the version the copy was given once the write was committed. Such an
    // event comes after the write's commit at the origin, maybe before the copy has learnt that version: it waits for
    // it. A change made by anyone else, before or after the write, leaves the origin with another version.
    private async ValueTask<bool> IsWrittenHereAsync(ChangeEvent change)
    {
        if (change.Kind is not (ChangeKind.Created or ChangeKind.Changed) || _runtime.Host.WriteAt(Cached(change.Path)) is not { } written) return false;
        await written.ConfigureAwait(false);
        if (await RecordAsync(change.Path, CancellationToken.None).ConfigureAwait(false) is not { Kind: EntryKind.File, Dirty: false } record) return false;
        try
        {
            return await _origin.StatAsync(change.Path).ConfigureAwait(false) is { IsDirectory: false } entry && SameVersion(record, entry);
        }
        catch (NamespaceException)
        {
            return false;
        }
    }

    private sealed class Listener(CachedProvider owner, VPath path, Action<ChangeEvent> onChange) : IDisposable
    {
        private int _disposed;

        public void Offer(ChangeEvent change)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            if (change.Kind == ChangeKind.Overflow || change.Path.IsUnder(path) || change.OldPath is { } old && old.IsUnder(path)) onChange(change);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unlisten(this);
        }
    }
}
