using Namespace.Core.Providers;

namespace Namespace.Http.Server;

/// <summary>
/// The in-memory ring of recent change events. Ids start at 1 and increase by one per event, so a
/// client that reconnects with the last id it saw gets exactly what came after, or learns that
/// some of it is no longer kept.
/// </summary>
internal sealed class EventLog(int capacity)
{
    private readonly Lock _lock = new();
    private readonly ServerEvent[] _ring = new ServerEvent[capacity];
    private long _last;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The newest id (0 before the first event).</summary>
    public long Last
    {
        get
        {
            lock (_lock) return _last;
        }
    }

    /// <summary>Adds an event and wakes every reader; returns its id.</summary>
    public long Append(ChangeEvent change)
    {
        TaskCompletionSource signal;
        long id;
        lock (_lock)
        {
            id = ++_last;
            _ring[id % _ring.Length] = new ServerEvent(id, change);
            signal = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        signal.TrySetResult();
        return id;
    }

    /// <summary>
    /// Copies the events after <paramref name="after"/> into <paramref name="into"/>. Returns false
    /// (and copies nothing) when some of them are no longer kept, or when <paramref name="after"/>
    /// is newer than anything this server issued (it restarted). <paramref name="changed"/>
    /// completes at the next append.
    /// </summary>
    public bool TryRead(long after, List<ServerEvent> into, out Task changed, out string? lost)
    {
        lock (_lock)
        {
            changed = _signal.Task;
            var oldest = Math.Max(1, _last - _ring.Length + 1);
            if (after > _last)
            {
                lost = $"event id {after} is newer than the newest ({_last}): the server restarted";
                return false;
            }
            if (after < oldest - 1)
            {
                lost = $"events after {after} are no longer kept (oldest kept: {oldest})";
                return false;
            }
            for (var id = after + 1; id <= _last; id++) into.Add(_ring[id % _ring.Length]);
            lost = null;
            return true;
        }
    }
}
