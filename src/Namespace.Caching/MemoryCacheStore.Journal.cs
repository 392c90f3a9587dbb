using System.Runtime.CompilerServices;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

// The write-back journal: a row per changed path beside the dirty content in the tree, changed together under the lock.
public sealed partial class MemoryCacheStore
{
    private readonly Dictionary<VPath, JournalEntry> _journal = [];
    private readonly Dictionary<VPath, (string Holder, DateTimeOffset Until)> _leases = [];
    private long _sequence;

    /// <inheritdoc/>
    public ValueTask<NsWriteStream> OpenLocalWriteAsync(VPath path, OriginVersion basedOn, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basedOn);
        lock (_lock) CheckLocalWrite(path);
        var notBefore = notBeforeUtc.ToUniversalTime();
        return ValueTask.FromResult<NsWriteStream>(new CommitOnDisposeStream(content => CommitLocalWrite(path, basedOn, notBefore, content, removing: null)));
    }

    /// <inheritdoc/>
    public ValueTask<NsWriteStream> OpenLocalMoveAsync(VPath from, OriginVersion fromBase, VPath to, OriginVersion toBase, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fromBase);
        ArgumentNullException.ThrowIfNull(toBase);
        lock (_lock)
        {
            CheckLocalWrite(from);
            CheckLocalWrite(to);
        }
        var notBefore = notBeforeUtc.ToUniversalTime();
        return ValueTask.FromResult<NsWriteStream>(new CommitOnDisposeStream(content => CommitLocalWrite(to, toBase, notBefore, content, (from, fromBase))));
    }

    /// <inheritdoc/>
    public ValueTask MarkAsync(VPath path, JournalChange change, OriginVersion basedOn, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basedOn);
        if (path.IsRoot) throw NsErrors.InvalidPath(path, "the root of a cache is never changed");
        lock (_lock)
        {
            var node = Find(path);
            basedOn = BaseOf(path, basedOn);
            switch (change)
            {
                case JournalChange.Directory:
                    if (node is File) throw NsErrors.NotADirectory(path);
                    var dir = MakeDirectories(path);
                    dir.Record = dir.Record with { Dirty = true, ValidatedUtc = null };
                    break;
                case JournalChange.Remove:
                    if (node is Dir { Children.Count: > 0 }) throw NsErrors.NotEmpty(path);
                    if (node is not null) ((Dir)Find(path.Parent)!).Children.Remove(path.Name);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(change), change, "a write is made with OpenLocalWriteAsync");
            }
            Journal(path, change, basedOn, notBeforeUtc);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<JournalEntry?> GetJournalAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(_journal.GetValueOrDefault(path));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<JournalEntry> ReadJournalAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        JournalEntry[] rows;
        lock (_lock) rows = [.. _journal.Values.Where(r => r.Path.IsUnder(path)).OrderBy(r => r.Sequence)];
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<bool> ClaimAsync(VPath path, long sequence, string? sent, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_journal.TryGetValue(path, out var row) || row.Sequence != sequence) return ValueTask.FromResult(false);
            _journal[path] = row with { State = JournalState.Uploading, Sent = sent };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> CompleteAsync(VPath path, long sequence, OriginVersion result, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            if (!_journal.TryGetValue(path, out var row)) return ValueTask.FromResult(false);
            if (row.Sequence != sequence)
            {
                _journal[path] = row with { Base = result, Sent = null, State = Settled(row.State) };
                return ValueTask.FromResult(false);
            }
            _journal.Remove(path);
            var node = Find(path);
            if (row.Change == JournalChange.Write && node is File { Record.Dirty: true } file)
            {
                file.Record = file.Record with
                {
                    Dirty = false,
                    OriginETag = result.ETag,
                    OriginModifiedUtc = result.ModifiedUtc?.ToUniversalTime(),
                    ValidatedUtc = validatedUtc.ToUniversalTime(),
                };
            }
            else if (row.Change == JournalChange.Directory && node is Dir { Record.Dirty: true } dir)
            {
                dir.Record = dir.Record with { Dirty = false, ValidatedUtc = validatedUtc.ToUniversalTime() };
            }
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask SetStateAsync(VPath path, long sequence, JournalState state, string? reason, int attempts, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_journal.TryGetValue(path, out var row)) return ValueTask.CompletedTask;
            _journal[path] = row.Sequence == sequence
                ? row with { State = state, Reason = reason, Attempts = attempts, NotBeforeUtc = notBeforeUtc.ToUniversalTime() }
                : row with { State = Settled(row.State) }; // changed while its upload ran: waiting again
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> ResolveAsync(VPath path, bool keepLocal, OriginVersion current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        lock (_lock)
        {
            if (!_journal.TryGetValue(path, out var row)) return ValueTask.FromResult(false);
            if (keepLocal)
            {
                _journal[path] = row with
                {
                    Sequence = ++_sequence,
                    Base = current,
                    State = JournalState.Pending,
                    Reason = null,
                    Attempts = 0,
                    NotBeforeUtc = Clock.GetUtcNow(),
                    Sent = null,
                };
                return ValueTask.FromResult(true);
            }
            _journal.Remove(path);
            var node = Find(path);
            if (node is File { Record.Dirty: true } || node is Dir { Record.Dirty: true, Children.Count: 0 })
                ((Dir)Find(path.Parent)!).Children.Remove(path.Name);
            else if (node is Dir { Record.Dirty: true } dir)
                dir.Record = dir.Record with { Dirty = false, ValidatedUtc = null };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryLeaseAsync(VPath root, string holder, DateTimeOffset nowUtc, DateTimeOffset untilUtc, Func<string, bool>? holderGone = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_leases.TryGetValue(root, out var lease) && lease.Holder != holder && lease.Until >= nowUtc && holderGone?.Invoke(lease.Holder) != true)
                return ValueTask.FromResult(false);
            _leases[root] = (holder, untilUtc);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask ReleaseLeaseAsync(VPath root, string holder, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_leases.TryGetValue(root, out var lease) && lease.Holder == holder) _leases.Remove(root);
        }
        return ValueTask.CompletedTask;
    }

    // A row's state once the upload under way is over: one that was uploading waits again.
    private static JournalState Settled(JournalState state) => state == JournalState.Uploading ? JournalState.Pending : state;

    // What would stop a local write at path. Called under the lock.
    private void CheckLocalWrite(VPath path)
    {
        if (path.IsRoot || Find(path) is Dir) throw NsErrors.IsADirectory(path);
    }

    // The write (with the removal of the file it was renamed from, when it is a rename), under the lock.
    private void CommitLocalWrite(VPath path, OriginVersion basedOn, DateTimeOffset notBeforeUtc, byte[] content, (VPath Path, OriginVersion Base)? removing)
    {
        lock (_lock)
        {
            CheckLocalWrite(path);
            basedOn = BaseOf(path, basedOn);
            OriginVersion? removedBase = null;
            if (removing is { } from)
            {
                CheckLocalWrite(from.Path);
                removedBase = BaseOf(from.Path, from.Base);
            }
            var now = Clock.GetUtcNow();
            var record = new CacheRecord(EntryKind.File, content.LongLength, null, null, null, now, now, 0, Dirty: true);
            MakeDirectories(path.Parent).Children[path.Name] = new File(content, Normalise(record, EntryKind.File, content.LongLength));
            Journal(path, JournalChange.Write, basedOn, notBeforeUtc);
            if (removing is { } gone)
            {
                if (Find(gone.Path) is not null) ((Dir)Find(gone.Path.Parent)!).Children.Remove(gone.Path.Name);
                Journal(gone.Path, JournalChange.Remove, removedBase!, notBeforeUtc);
            }
        }
    }

    // What a change made now at path is based on, under the lock, before the change: when its caller could not tell (the
    // file was dirty, its row the base) and the row has gone since (its upload completed), the version of the clean copy.
    private OriginVersion BaseOf(VPath path, OriginVersion basedOn)
    {
        if (basedOn.Known || _journal.ContainsKey(path)) return basedOn;
        return Find(path) switch
        {
            File { Record: { Dirty: false } record } when record.OriginETag is not null || record.OriginModifiedUtc is not null => new OriginVersion(true, EntryKind.File, record.OriginETag, record.OriginModifiedUtc),
            _ => basedOn,
        };
    }

    // The path's row after a local change, under the lock: a new sequence, the base of the row there (else basedOn), a
    // conflict kept until resolved; none at all for a removal of what the origin never had, while nothing was sent there.
    private void Journal(VPath path, JournalChange change, OriginVersion basedOn, DateTimeOffset notBeforeUtc)
    {
        var kept = _journal.GetValueOrDefault(path);
        var basis = kept?.Base ?? basedOn;
        if (change == JournalChange.Remove && basis is { Known: true, Exists: false } && kept?.Sent is null && kept?.State != JournalState.Uploading)
        {
            _journal.Remove(path);
            return;
        }
        var conflict = kept?.State == JournalState.Conflict;
        var state = conflict ? JournalState.Conflict : kept?.State == JournalState.Uploading ? JournalState.Uploading : JournalState.Pending;
        _journal[path] = new JournalEntry(path, ++_sequence, change, basis, state, conflict ? kept!.Reason : null, 0, notBeforeUtc.ToUniversalTime(), kept?.Sent);
    }
}
