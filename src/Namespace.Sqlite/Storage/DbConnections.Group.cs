using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Sqlite.Storage;

// Group commit. Cache fills (writes a power cut may lose without harm) queue up while another write holds the gate and,
// when nobody waits for them, for a moment longer (GatherWindow); the committer then takes them all into one transaction,
// each in its own savepoint, so one that is refused (a dirty file where it lands, say) leaves the others in. The pages
// they share (index leaves, the parent's entry, the WAL's commit frame) are then written once per group, not once per fill.
internal sealed partial class DbConnections
{
    private readonly Lock _groupLock = new();
    private List<IGroupedWrite>? _group;
    private bool _grouping;
    // The waiting group's: completed once it holds a write someone waits for, which is then not held back.
    private TaskCompletionSource? _hurry;

    /// <summary>
    /// How long a group whose writes nobody waits for gathers more before it commits. A transaction's own cost (its WAL
    /// frames, the write lock) is several times a small fill's, and a reader of many small files hands over a copy every
    /// tenth of a millisecond.
    /// </summary>
    public TimeSpan GatherWindow { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction that may hold other grouped writes too, without fsync at
    /// commit (see <see cref="WriteAsync{T}"/> with durable: false). The task completes once that transaction is
    /// committed, with what <paramref name="work"/> returned or the error it threw (its own changes undone). With
    /// <paramref name="deferrable"/> (nobody waits for it) the commit may wait up to <see cref="GatherWindow"/> for others.
    /// </summary>
    public Task<T> WriteGroupedAsync<T>(VPath path, Func<DbSession, T> work, bool deferrable = false)
    {
        var write = new GroupedWrite<T>(path, work);
        bool start;
        TaskCompletionSource hurry;
        lock (_groupLock)
        {
            (_group ??= []).Add(write);
            hurry = _hurry ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            start = !_grouping;
            _grouping = true;
        }
        if (!deferrable) hurry.TrySetResult();
        if (start) _ = Task.Run(CommitGroupsAsync);
        return write.Task;
    }

    /// <summary>
    /// Commits the grouped writes waiting now without waiting out the gather window (closing the file must not drop
    /// copies handed to it); completes once they are committed or refused, each writer being told which.
    /// </summary>
    public async Task CommitWaitingAsync()
    {
        TaskCompletionSource? hurry;
        List<IGroupedWrite>? waiting;
        lock (_groupLock) (hurry, waiting) = (_hurry, _group is null ? null : [.. _group]);
        if (waiting is null) return;
        hurry?.TrySetResult();
        await Task.WhenAll(waiting.Select(w => w.Done)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Commits the waiting group now, without waiting out the rest of its gather window (someone waits for it).</summary>
    public void Hurry()
    {
        lock (_groupLock) _hurry?.TrySetResult();
    }

    // Waits out the gather window, unless a write someone waits for is in the group or joins it meanwhile.
    private async Task GatherAsync()
    {
        Task hurried;
        lock (_groupLock) hurried = _hurry?.Task ?? Task.CompletedTask; // none: no group waits
        if (GatherWindow <= TimeSpan.Zero || hurried.IsCompleted) return;
        await Task.WhenAny(hurried, Task.Delay(GatherWindow)).ConfigureAwait(false);
    }

    // Commits groups until none waits; one runs at a time.
    private async Task CommitGroupsAsync()
    {
        List<IGroupedWrite>? group = null;
        try
        {
            var started = 0L;
            for (var attempt = 0; ; attempt++)
            {
                if (group is null) await GatherAsync().ConfigureAwait(false);
                await _writeGate.WaitAsync().ConfigureAwait(false);
                bool busy;
                try
                {
                    if (group is null)
                    {
                        lock (_groupLock)
                        {
                            (group, _group, _hurry) = (_group, null, null);
                            if (group is null)
                            {
                                _grouping = false;
                                return;
                            }
                        }
                        started = Stopwatch.GetTimestamp();
                        attempt = 0;
                    }
                    busy = !TryCommitGroup(group, started);
                }
                finally
                {
                    _writeGate.Release();
                }
                if (busy)
                {
                    await Task.Delay(RetryDelay(attempt)).ConfigureAwait(false);
                    continue;
                }
                // Outside the gate, so a writer told may write again at once.
                foreach (var write in group) write.Complete();
                group = null;
            }
        }
        catch (Exception e)
        {
            // Whatever went wrong, no writer is left waiting, and the next grouped write starts a committer again.
            List<IGroupedWrite>? waiting;
            lock (_groupLock)
            {
                (waiting, _group, _hurry) = (_group, null, null);
                _grouping = false;
            }
            foreach (var write in (group ?? []).Concat(waiting ?? []))
            {
                write.Fail(e);
                write.Complete();
            }
        }
    }

    // One try of a group's transaction; false when SQLite is busy (another process writes) and there is time to try again.
    private bool TryCommitGroup(List<IGroupedWrite> group, long started)
    {
        DbSession session;
        try
        {
            session = Rent(group[0].Path);
        }
        catch (NamespaceException e)
        {
            foreach (var write in group) write.Fail(e);
            return true;
        }
        var committed = false;
        try
        {
            session.SetDurable(false);
            session.Begin(write: true);
            if (!TryRunTogether(session, group))
            {
                // One write was refused: the group runs again, each write in a savepoint of its own, so only that one's
                // changes are undone.
                if (!session.TryRollback()) throw new InvalidOperationException("a grouped write's transaction could not be rolled back");
                foreach (var write in group) write.Reset();
                session.Begin(write: true);
                RunEachInASavepoint(session, group);
            }
            session.Commit();
            committed = true;
        }
        catch (SqliteException e) when (IsBusy(e) && WithinDeadline(started))
        {
            foreach (var write in group) write.Reset();
            return false;
        }
        catch (Exception e)
        {
            foreach (var write in group) write.Fail(AsError(e, write.Path));
            return true;
        }
        finally
        {
            Return(session);
            if (committed) foreach (var write in group) write.Succeed();
        }
        return true;
    }

    // Every write of the group, one after the other, with no savepoints (two statements fewer per write): false when one
    // is refused (throws anything but SQLite's busy), leaving the transaction to be rolled back.
    private static bool TryRunTogether(DbSession session, List<IGroupedWrite> group)
    {
        foreach (var write in group)
        {
            try
            {
                write.Run(session);
            }
            catch (Exception e) when (e is not SqliteException sqlite || !IsBusy(sqlite))
            {
                return false;
            }
        }
        return true;
    }

    private void RunEachInASavepoint(DbSession session, List<IGroupedWrite> group)
    {
        foreach (var write in group)
        {
            session.Execute("SAVEPOINT grouped");
            try
            {
                write.Run(session);
                session.Execute("RELEASE grouped");
            }
            catch (Exception e) when (e is not SqliteException sqlite || !IsBusy(sqlite))
            {
                session.Execute("ROLLBACK TO grouped");
                session.Execute("RELEASE grouped");
                write.Refuse(AsError(e, write.Path));
            }
        }
    }

    // What a writer is told: SQLite's errors in the provider's terms, others as they are.
    private Exception AsError(Exception error, VPath path) => error is SqliteException sqlite ? Translate(sqlite, path) : error;

    private interface IGroupedWrite
    {
        VPath Path { get; }

        /// <summary>Completes once the writer is told how it went.</summary>
        Task Done { get; }

        void Run(DbSession session);

        /// <summary>Its own changes were undone; the rest of the group goes on.</summary>
        void Refuse(Exception error);

        /// <summary>The group is tried again from the start.</summary>
        void Reset();

        /// <summary>The group was committed.</summary>
        void Succeed();

        /// <summary>The group was not committed.</summary>
        void Fail(Exception error);

        /// <summary>Tells the writer how it went.</summary>
        void Complete();
    }

    private sealed class GroupedWrite<T>(VPath path, Func<DbSession, T> work) : IGroupedWrite
    {
        // Continuations run on the thread pool, never on the committer: a writer that goes on to block on another
        // grouped write (a synchronous read waiting for its copy's commit) must not be holding up the committer.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _refused;
        private bool _succeeded;

        public VPath Path => path;

        public Task<T> Task => _done.Task;

        public Task Done => _done.Task;

        public void Run(DbSession session) => _result = work(session);

        public void Refuse(Exception error) => _refused = error;

        public void Reset() => (_result, _refused) = (default, null);

        public void Succeed() => _succeeded = true;

        public void Fail(Exception error) => _refused = error;

        public void Complete()
        {
            if (_refused is { } error) _done.TrySetException(error);
            else if (_succeeded) _done.TrySetResult(_result!);
            else _done.TrySetException(new InvalidOperationException("a grouped write was neither committed nor refused"));
        }
    }
}
