using System.Security.Cryptography;
using Namespace.Core.Diagnostics;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// Drains a write-back element's journal to its origin (DESIGN §5): at most <see cref="CacheOptions.Uploads"/> changes at
/// once, oldest change first, a directory's creation before anything in it and a directory's removal after everything in
/// it, one upload per path at a time. Every change is conditional on the origin's version it was based on, so nothing
/// made elsewhere is overwritten or removed: a mismatch parks the row as a conflict, unless the origin already holds what
/// this change (or an earlier upload of it that landed unrecorded) sent. Transient errors are retried with capped,
/// jittered exponential back-off; other refusals park the row as failed with the origin's reason. It starts from the
/// journal alone: nothing remote is asked before it runs.
/// </summary>
internal sealed class Uploader
{
    private readonly ICacheStore _store;
    private readonly ICacheJournal _journal;
    private readonly VPath _root;
    private readonly IFileProvider _origin;
    private readonly CacheOptions _options;
    private readonly Action _countError;
    private readonly Lock _lock = new();
    // The rows known, by path, and the paths that have rows below them (how many), kept from the journal.
    private readonly Dictionary<VPath, JournalEntry> _rows = [];
    private readonly Dictionary<VPath, int> _below = [];
    private readonly HashSet<VPath> _inFlight = [];
    private readonly Queue<VPath> _changed = new();
    private bool _rereadAll = true;
    private int _flushing;
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _progress = NewSignal();
    private CancellationTokenSource? _stop;
    private Task _running = Task.CompletedTask;
    // The lease on the journal (one uploader at a time drains it, of all the processes sharing the store): who this one
    // is, whether it holds the lease, and when to renew it (or try again to take it).
    private readonly string _holder = LeaseHolder.Own();
    private bool _leased;
    private DateTimeOffset _leaseDue = DateTimeOffset.MinValue;

    private readonly Func<VPath, IDisposable> _writing;

    public Uploader(ICacheStore store, VPath root, IFileProvider origin, CacheOptions options, Action countError, Func<VPath, IDisposable> writing)
    {
        _writing = writing;
        _store = store;
        _journal = (ICacheJournal)store;
        _root = root;
        _origin = origin;
        _options = options;
        _countError = countError;
    }

    /// <summary>The first wait after a transient error; it doubles with each failed attempt, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the lease on the journal lasts unless renewed (a third of it before it runs out): how long the work of an uploader that died waits for another.</summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Raised (on any thread) when a row of the journal changed state: a change was made, uploaded, retried or parked.</summary>
    public event Action? QueueChanged;

    private TimeProvider Clock => _store.Clock;

    /// <summary>Starts draining, from the journal as it is.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_stop is not null) return;
            _stop = new CancellationTokenSource();
            _rereadAll = true;
            var stop = _stop.Token;
            _running = Task.Run(() => RunAsync(stop), CancellationToken.None);
        }
    }

    /// <summary>Stops: uploads under way are cancelled (their rows stay, to be sent again at the next start).</summary>
    public async Task StopAsync()
    {
        CancellationTokenSource? stop;
        Task running;
        lock (_lock)
        {
            (stop, _stop) = (_stop, null);
            running = _running;
        }
        if (stop is null) return;
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
        if (!_leased) return;
        _leased = false;
        _leaseDue = DateTimeOffset.MinValue;
        try
        {
            await _journal.ReleaseLeaseAsync(_root, _holder, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            _countError(); // it runs out
        }
    }

    /// <summary>A local change was made at <paramref name="storePath"/> (or, with null, anywhere: the journal is read again).</summary>
    public void Wake(VPath? storePath = null)
    {
        lock (_lock)
        {
            if (storePath is { } path) _changed.Enqueue(path);
            else _rereadAll = true;
            _wake.TrySetResult();
        }
        QueueChanged?.Invoke();
    }

    /// <summary>
    /// Waits until the journal holds nothing at or below <paramref name="storePath"/> but failed or conflicting rows (and
    /// rows inside a directory whose creation is one of those), uploading what is delayed without waiting for its delay;
    /// returns those rows.
    /// </summary>
    public async Task<IReadOnlyList<JournalEntry>> FlushAsync(VPath storePath, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _flushing);
        try
        {
            Wake();
            while (true)
            {
                Task progress;
                lock (_lock)
                {
                    progress = _progress.Task;
                    if (!_rereadAll && _changed.Count == 0 && !_rows.Values.Any(r => r.Path.IsUnder(storePath) && !Stuck(r))) break;
                }
                await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _flushing);
        }
        var left = new List<JournalEntry>();
        await foreach (var row in _journal.ReadJournalAsync(storePath, cancellationToken).ConfigureAwait(false)) left.Add(row);
        return left;
    }

    private static bool IsParked(JournalEntry row) => row.State is JournalState.Failed or JournalState.Conflict;

    // Under _lock: true when the row goes nowhere until the user acts: parked, or waiting for a directory that is.
    private bool Stuck(JournalEntry row)
    {
        if (IsParked(row)) return true;
        for (var p = row.Path; !p.IsRoot && p != _root;)
        {
            p = p.Parent;
            if (_rows.TryGetValue(p, out var parent) && parent.Change == JournalChange.Directory && IsParked(parent)) return true;
        }
        return false;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Task wake;
            lock (_lock)
            {
                wake = _wake.Task;
                if (wake.IsCompleted) _wake = NewSignal();
            }
            DateTimeOffset? due;
            try
            {
                await LeaseAsync(stop).ConfigureAwait(false);
                await RefreshAsync(stop).ConfigureAwait(false);
                due = _leased ? StartDue(stop) : null;
                if (due is null || _leaseDue < due) due = _leaseDue;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                // The store failed (or worse): nothing is dropped; the journal is read again after a pause.
                _countError();
                lock (_lock) _rereadAll = true;
                due = Clock.GetUtcNow() + FirstBackoff;
            }
            Signal();
            var waits = new List<Task> { wake, Task.Delay(Timeout.Infinite, stop) };
            if (due is { } at) waits.Add(Task.Delay(Max(at - Clock.GetUtcNow(), TimeSpan.Zero), Clock, stop));
            await Task.WhenAny(waits).ConfigureAwait(false);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // Takes or renews the lease when due. Each time the journal is read again whole: other processes sharing the store
    // write rows into it too, and a process that drains none of it still follows how it goes.
    private async Task LeaseAsync(CancellationToken stop)
    {
        var now = Clock.GetUtcNow();
        if (now < _leaseDue) return;
        _leased = await _journal.TryLeaseAsync(_root, _holder, now, now + LeaseTime, LeaseHolder.IsGone, stop).ConfigureAwait(false);
        _leaseDue = now + (LeaseTime / 3);
        lock (_lock) _rereadAll = true;
    }

    // Brings the rows known up to date: all of them after a start (or when asked), else those of the paths changed since.
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        bool all;
        VPath[] changed;
        lock (_lock)
        {
            all = _rereadAll;
            _rereadAll = false;
            changed = [.. _changed];
            _changed.Clear();
        }
        if (all)
        {
            var rows = new List<JournalEntry>();
            await foreach (var row in _journal.ReadJournalAsync(_root, cancellationToken).ConfigureAwait(false)) rows.Add(row);
            lock (_lock)
            {
                foreach (var path in _rows.Keys.ToArray()) Forget(path);
                foreach (var row in rows) Keep(row);
            }
            return;
        }
        foreach (var path in changed.Distinct())
        {
            var row = await _journal.GetJournalAsync(path, cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                Forget(path);
                if (row is not null) Keep(row);
            }
        }
    }

    // Under _lock.
    private void Keep(JournalEntry row)
    {
        _rows[row.Path] = row;
        for (var p = row.Path; !p.IsRoot && p != _root;)
        {
            p = p.Parent;
            _below[p] = _below.GetValueOrDefault(p) + 1;
        }
    }

    // Under _lock.
    private void Forget(VPath path)
    {
        if (!_rows.Remove(path)) return;
        for (var p = path; !p.IsRoot && p != _root;)
        {
            p = p.Parent;
            if (--_below[p] == 0) _below.Remove(p);
        }
    }

    // Starts the rows that may go now, oldest change first, up to the limit; returns when the next one waiting falls due.
    private DateTimeOffset? StartDue(CancellationToken stop)
    {
        var now = Clock.GetUtcNow();
        var flushing = Volatile.Read(ref _flushing) > 0;
        DateTimeOffset? due = null;
        lock (_lock)
        {
            foreach (var row in _rows.Values.OrderBy(r => r.Sequence))
            {
                if (_inFlight.Count >= _options.Uploads) break;
                if (_inFlight.Contains(row.Path) || IsParked(row) || Waits(row)) continue;
                // A flush sends what its delay holds back, not what a back-off does.
                if (row.NotBeforeUtc > now && !(flushing && row.Attempts == 0))
                {
                    due = due is { } d && d < row.NotBeforeUtc ? d : row.NotBeforeUtc;
                    continue;
                }
                _inFlight.Add(row.Path);
                _ = Task.Run(() => UploadAsync(row, stop), CancellationToken.None);
            }
        }
        return due;
    }

    // Under _lock: a change waits for its directory to be made at the origin, and a removal for everything below it.
    private bool Waits(JournalEntry row)
    {
        if (row.Change == JournalChange.Remove && _below.ContainsKey(row.Path)) return true;
        for (var p = row.Path; !p.IsRoot && p != _root;)
        {
            p = p.Parent;
            if (_rows.TryGetValue(p, out var parent) && parent.Change == JournalChange.Directory) return true;
        }
        return false;
    }

    private void Signal()
    {
        TaskCompletionSource progress;
        lock (_lock) (progress, _progress) = (_progress, NewSignal());
        progress.TrySetResult();
    }

    private async Task UploadAsync(JournalEntry row, CancellationToken stop)
    {
        try
        {
            await UploadRowAsync(row, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped: the row stays, and goes at the next start.
        }
        catch (Exception ex)
        {
            // The store failed to record the outcome, or the origin failed in a way no answer says: the row is tried again
            // after a back-off (a retry is conditional, so never harmful).
            _countError();
            await QuietlyAsync(() => _journal.SetStateAsync(row.Path, row.Sequence, JournalState.Pending, Reason(ex), row.Attempts + 1, Clock.GetUtcNow() + Backoff(row.Attempts + 1))).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock) _inFlight.Remove(row.Path);
            Wake(row.Path);
        }
    }

    private async Task UploadRowAsync(JournalEntry row, CancellationToken stop)
    {
        var target = row.Path.RelativeTo(_root);
        string? sent = null;
        Stream? content = null;
        try
        {
            if (row.Change == JournalChange.Write)
            {
                var file = await _store.OpenCachedAsync(row.Path, stop).ConfigureAwait(false);
                if (file is null || !file.Record.Dirty)
                {
                    if (file is not null) await file.Content.DisposeAsync().ConfigureAwait(false);
                    // The row changed meanwhile (and its new state comes with the wake), or the store lost what it promised to keep.
                    if (await _journal.GetJournalAsync(row.Path, stop).ConfigureAwait(false) is { } now && now.Sequence == row.Sequence)
                        await _journal.SetStateAsync(row.Path, row.Sequence, JournalState.Failed, "the local content of this change is missing from the cache; it was kept, not uploaded", row.Attempts, now.NotBeforeUtc, stop).ConfigureAwait(false);
                    return;
                }
                content = file.Content;
                (sent, content) = await DigestAsync(row.Path, content, stop).ConfigureAwait(false);
            }
            // An earlier upload of the row whose outcome was never heard may have landed; a claim forgets what it sent, so
            // before sending something else the origin is asked: if it holds that upload, the change goes on from it.
            if (row.Sent is not null && row.Sent != sent && await EarlierUploadLandedAsync(row, target, stop).ConfigureAwait(false)) return;
            if (!await _journal.ClaimAsync(row.Path, row.Sequence, sent, stop).ConfigureAwait(false)) return;
            CrashPoints.Reach("upload.claimed");
            QueueChanged?.Invoke(); // uploading now
            // The origin reports the upload as a change: heard while this is held, it is known as the cache's own.
            using var writing = _writing(row.Path);
            try
            {
                var result = await ApplyAsync(row, target, content, stop).ConfigureAwait(false);
                CrashPoints.Reach("upload.accepted");
                await _journal.CompleteAsync(row.Path, row.Sequence, result, Clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                CrashPoints.Reach("upload.completed");
                // The origin's listing of the directory changed with it.
                if (!row.Path.IsRoot) await _store.DropListingAsync(row.Path.Parent, CancellationToken.None).ConfigureAwait(false);
            }
            // A directory where the file was is someone else's change too (providers say IsADirectory, not Conflict).
            catch (NamespaceException ex) when (ex.Kind is NsErrorKind.Conflict or NsErrorKind.IsADirectory)
            {
                await SettleConflictAsync(row, target, sent, stop).ConfigureAwait(false);
            }
            catch (NamespaceException ex) when (ex.Kind is NsErrorKind.Unavailable)
            {
                _countError();
                var attempts = row.Attempts + 1;
                await _journal.SetStateAsync(row.Path, row.Sequence, JournalState.Pending, Reason(ex), attempts, Clock.GetUtcNow() + Backoff(attempts, ex.RetryAfter), CancellationToken.None).ConfigureAwait(false);
            }
            catch (NamespaceException ex)
            {
                _countError();
                // Not found, for a file or a directory to be made, is its parent: "file not found" would name neither.
                var reason = ex.Kind == NsErrorKind.NotFound && row.Change != JournalChange.Remove ? "the directory it goes in is not at the origin" : Reason(ex);
                await _journal.SetStateAsync(row.Path, row.Sequence, JournalState.Failed, reason, row.Attempts + 1, Clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            if (content is not null) await content.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Makes the row's change at the origin, conditional on its base; returns what the origin then has there.
    private async Task<OriginVersion> ApplyAsync(JournalEntry row, VPath target, Stream? content, CancellationToken stop)
    {
        var origin = Conditional;
        switch (row.Change)
        {
            case JournalChange.Write:
                if (row.Base is { Kind: EntryKind.Directory }) throw NsErrors.Conflict(target, "a directory is there at the origin");
                var expected = row.Base.Exists ? row.Base.Validator : null;
                await using (var write = await origin.OpenWriteIfAsync(target, expected, stop).ConfigureAwait(false))
                {
                    await SendAsync(content!, write, stop).ConfigureAwait(false);
                }
                return OriginVersion.Of(await _origin.StatAsync(target, CancellationToken.None).ConfigureAwait(false));
            case JournalChange.Directory:
                if (row.Base is { Kind: EntryKind.File } file) await DeleteIfAsync(origin, target, file, stop).ConfigureAwait(false);
                try
                {
                    await _origin.CreateDirectoryAsync(target, stop).ConfigureAwait(false);
                }
                catch (NamespaceException ex) when (ex.Kind == NsErrorKind.Exists)
                {
                    // Made already (an upload of it that landed unrecorded, or by someone else): a directory is a directory.
                }
                var made = await _origin.StatAsync(target, CancellationToken.None).ConfigureAwait(false);
                if (made is not { IsDirectory: true }) throw NsErrors.Conflict(target, "a file is there at the origin");
                return OriginVersion.Of(made);
            default:
                if (row.Base.Exists) await DeleteIfAsync(origin, target, row.Base, stop).ConfigureAwait(false);
                else if (await _origin.StatAsync(target, stop).ConfigureAwait(false) is not null) throw NsErrors.Conflict(target, "something is there at the origin");
                return OriginVersion.Absent;
        }
    }

    // Copies the content into the origin's write stream (a crash test can stop the process once part of it is sent).
    private static async Task SendAsync(Stream content, Stream write, CancellationToken stop)
    {
        var buffer = new byte[81920];
        var sent = 0L;
        int read;
        while ((read = await content.ReadAsync(buffer, stop).ConfigureAwait(false)) > 0)
        {
            await write.WriteAsync(buffer.AsMemory(0, read), stop).ConfigureAwait(false);
            if (sent == 0) CrashPoints.Reach("upload.mid-body");
            sent += read;
        }
    }

    private static async Task DeleteIfAsync(IConditionalChange origin, VPath target, OriginVersion version, CancellationToken stop)
    {
        try
        {
            await origin.DeleteIfAsync(target, version.Validator, stop).ConfigureAwait(false);
        }
        catch (NamespaceException ex) when (ex.Kind == NsErrorKind.NotFound)
        {
            // Gone already (a removal of ours that landed unrecorded, or someone else's): nothing is there, as wanted.
        }
    }

    private IConditionalChange Conditional => _origin as IConditionalChange
        ?? throw new NamespaceException(NsErrorKind.NotSupported, "/", "the origin cannot make conditional changes");

    // The origin refused the change as conditional: what it has is not the version the change was based on. Unless that is
    // what this change sent (or an earlier upload of the row sent, which landed unrecorded), it is someone else's: a conflict.
    private async Task SettleConflictAsync(JournalEntry row, VPath target, string? sent, CancellationToken stop)
    {
        var current = await _origin.StatAsync(target, stop).ConfigureAwait(false);
        if (current is { IsDirectory: false } && (sent is not null || row.Sent is not null))
        {
            var theirs = await OriginDigestAsync(target, stop).ConfigureAwait(false);
            if (theirs is not null && theirs == sent)
            {
                await _journal.CompleteAsync(row.Path, row.Sequence, OriginVersion.Of(current), Clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                return;
            }
            if (theirs is not null && theirs == row.Sent)
            {
                // The origin holds an earlier upload of ours: the change goes on from it.
                await _journal.ResolveAsync(row.Path, keepLocal: true, OriginVersion.Of(current), CancellationToken.None).ConfigureAwait(false);
                return;
            }
        }
        if (current is null && row.Change == JournalChange.Remove)
        {
            await _journal.CompleteAsync(row.Path, row.Sequence, OriginVersion.Absent, Clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            return;
        }
        var reason = current switch
        {
            null => "removed at the origin since this change was made",
            { IsDirectory: true } => "a directory is there at the origin",
            _ when !row.Base.Known => "the origin has a file this change never saw",
            _ when !row.Base.Exists => "created at the origin since this change was made",
            _ => "changed at the origin since this change was made",
        };
        await _journal.SetStateAsync(row.Path, row.Sequence, JournalState.Conflict, reason, row.Attempts + 1, Clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
    }

    // True when the origin holds what the row's earlier upload sent: the row is then based on that (and woken again).
    private async Task<bool> EarlierUploadLandedAsync(JournalEntry row, VPath target, CancellationToken stop)
    {
        if (await _origin.StatAsync(target, stop).ConfigureAwait(false) is not { IsDirectory: false } current) return false;
        if (await OriginDigestAsync(target, stop).ConfigureAwait(false) != row.Sent) return false;
        await _journal.ResolveAsync(row.Path, keepLocal: true, OriginVersion.Of(current), CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    // The digest of local content, and a stream of it from its start (the same one when it can seek, else opened again).
    private async Task<(string Digest, Stream Content)> DigestAsync(VPath path, Stream content, CancellationToken cancellationToken)
    {
        var digest = await DigestOfAsync(content, cancellationToken).ConfigureAwait(false);
        if (content.CanSeek)
        {
            content.Position = 0;
            return (digest, content);
        }
        await content.DisposeAsync().ConfigureAwait(false);
        var again = await _store.OpenCachedAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.Conflict(path, "changed while it was read");
        return (digest, again.Content);
    }

    private async Task<string?> OriginDigestAsync(VPath target, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = await _origin.OpenReadAsync(target, cancellationToken).ConfigureAwait(false);
            return await DigestOfAsync(content, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex) when (ex.Kind is NsErrorKind.NotFound or NsErrorKind.IsADirectory)
        {
            return null;
        }
    }

    private static async Task<string> DigestOfAsync(Stream content, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));

    // Capped exponential back-off with ±20% jitter, so many clients retrying one origin spread out; at least as long as
    // the origin asked (Retry-After), up to the same cap.
    private TimeSpan Backoff(int attempts, TimeSpan? asked = null)
    {
        var wait = FirstBackoff * Math.Pow(2, Math.Min(attempts - 1, 30));
        if (wait > MaxBackoff) wait = MaxBackoff;
        wait *= 0.8 + (0.4 * Random.Shared.NextDouble());
        return asked is { } least ? Max(wait, least < MaxBackoff ? least : MaxBackoff) : wait;
    }

    private static string Reason(Exception ex) => ex is NamespaceException ns ? ns.Reason : ex.Message;

    private async Task QuietlyAsync(Func<ValueTask> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            _countError();
        }
    }
}
