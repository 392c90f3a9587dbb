using System.Diagnostics;
using Namespace.Caching;
using Namespace.Core.Paths;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// Reads noted by <see cref="DbFileSystem.TouchAsync"/> and not yet written to the file. A durable commit per
/// read would cost a disk flush on the warm-read path (about 8 ms against 60 µs for the read itself), so
/// reads are gathered here and written in one transaction when <see cref="MaxPending"/> reads are waiting,
/// when the oldest has waited <see cref="MaxDelay"/> (checked at the next read), and on dispose. Records this
/// instance returns include what is waiting; other instances and processes see it after the write.
/// </summary>
internal sealed class DbAccessLog
{
    public const int MaxPending = 4096;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private long _oldest;
    private long _waiting;

    /// <summary>Notes one read; true when the waiting reads should now be written.</summary>
    public bool Add(VPath path, long whenTicks)
    {
        lock (_lock)
        {
            if (_pending.Count == 0) _oldest = Stopwatch.GetTimestamp();
            _pending[path.Value] = _pending.TryGetValue(path.Value, out var p)
                ? new Pending(Math.Max(p.LastAccess, whenTicks), p.Count + 1)
                : new Pending(whenTicks, 1);
            return ++_waiting >= MaxPending || Stopwatch.GetElapsedTime(_oldest) >= MaxDelay;
        }
    }

    /// <summary>Takes every waiting read, to be written; <see cref="Restore"/> puts them back if that fails.</summary>
    public Dictionary<string, Pending> TakeAll()
    {
        lock (_lock)
        {
            var taken = _pending;
            _pending = new Dictionary<string, Pending>(StringComparer.Ordinal);
            _waiting = 0;
            return taken;
        }
    }

    public void Restore(Dictionary<string, Pending> taken)
    {
        lock (_lock)
        {
            if (_pending.Count == 0) _oldest = Stopwatch.GetTimestamp();
            foreach (var (path, p) in taken)
            {
                _waiting += p.Count;
                _pending[path] = _pending.TryGetValue(path, out var q) ? new Pending(Math.Max(p.LastAccess, q.LastAccess), p.Count + q.Count) : p;
            }
        }
    }

    /// <summary>Forgets the waiting reads of <paramref name="path"/> (and, with <paramref name="below"/>, of everything under it): its record was replaced or removed.</summary>
    public void Forget(VPath path, bool below)
    {
        lock (_lock)
        {
            if (_pending.Count == 0) return;
            foreach (var key in below ? _pending.Keys.ToArray() : [path.Value])
            {
                if (VPath.Parse(key).IsUnder(path) && _pending.Remove(key, out var p)) _waiting -= p.Count;
            }
        }
    }

    /// <summary><paramref name="record"/> as read from the file, with this instance's waiting reads added.</summary>
    public CacheRecord Merge(VPath path, CacheRecord record)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(path.Value, out var p)) return record;
            var last = new DateTimeOffset(p.LastAccess, TimeSpan.Zero);
            return record with { LastAccessUtc = last > record.LastAccessUtc ? last : record.LastAccessUtc, AccessCount = record.AccessCount + p.Count };
        }
    }

    public readonly record struct Pending(long LastAccess, long Count);
}
