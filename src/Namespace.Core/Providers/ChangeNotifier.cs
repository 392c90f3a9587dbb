using System.Runtime.ExceptionServices;
using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// A provider's subscribers (<see cref="IFileProvider.Subscribe"/>) and the telling of each change to those it
/// concerns. Thread-safe: subscribing and disposing replace an immutable array under a lock, so telling a change
/// reads without locking, never waits for a subscriber coming or going, and may itself subscribe or dispose.
/// Callbacks run on the thread that tells the change, one after another in the order they subscribed, so they must
/// not block.
/// </summary>
public sealed class ChangeNotifier
{
    private readonly Lock _lock = new();
    private Subscription[] _subscriptions = [];

    /// <summary>True while any subscription is live (a provider may stop its own watching when none is).</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscriptions).Length > 0;

    /// <summary>Calls <paramref name="onChange"/> for changes at or below <paramref name="path"/> until the result is disposed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> is null.</exception>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var subscription = new Subscription(this, path, onChange);
        lock (_lock) _subscriptions = [.. _subscriptions, subscription];
        return subscription;
    }

    /// <summary>
    /// Tells <paramref name="change"/> to every subscriber it concerns (<see cref="ChangeEvent.Concerns"/>). A
    /// subscription disposed before its turn, even by an earlier callback, is not called; one made meanwhile waits
    /// for the next change.
    /// </summary>
    /// <exception cref="Exception">
    /// What a callback threw, once every other callback has been called; an <see cref="AggregateException"/> of them
    /// in order when several threw.
    /// </exception>
    public void Notify(ChangeEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        List<Exception>? failures = null;
        foreach (var s in Volatile.Read(ref _subscriptions))
        {
            if (change.Concerns(s.Path)) s.Call(change, ref failures);
        }
        ThrowIfAny(failures);
    }

    /// <summary>
    /// Tells every subscriber that changes were lost: a <see cref="ChangeKind.Overflow"/> at the path it watches.
    /// Callbacks and their failures are as for <see cref="Notify"/>.
    /// </summary>
    /// <exception cref="Exception">As for <see cref="Notify"/>.</exception>
    public void NotifyOverflow()
    {
        List<Exception>? failures = null;
        foreach (var s in Volatile.Read(ref _subscriptions)) s.Call(new ChangeEvent(ChangeKind.Overflow, s.Path), ref failures);
        ThrowIfAny(failures);
    }

    /// <summary>Ends every subscription (a provider being disposed); their later disposal does nothing.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (var s in _subscriptions) s.End();
            _subscriptions = [];
        }
    }

    // A subscriber's bug must not cost the others their events, nor be hidden: it surfaces where it did before,
    // only later.
    private static void ThrowIfAny(List<Exception>? failures)
    {
        if (failures is null) return;
        if (failures.Count == 1) ExceptionDispatchInfo.Throw(failures[0]);
        throw new AggregateException(failures);
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock) _subscriptions = Array.FindAll(_subscriptions, s => !ReferenceEquals(s, subscription));
    }

    private sealed class Subscription(ChangeNotifier owner, VPath path, Action<ChangeEvent> onChange) : IDisposable
    {
        private int _live = 1;

        public VPath Path => path;

        public void Call(ChangeEvent change, ref List<Exception>? failures)
        {
            // The array being walked may be older than this subscription's disposal.
            if (Volatile.Read(ref _live) == 0) return;
            try
            {
                onChange(change);
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }

        public bool End() => Interlocked.Exchange(ref _live, 0) == 1;

        public void Dispose()
        {
            if (End()) owner.Remove(this);
        }
    }
}
