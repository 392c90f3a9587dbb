using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// The connections of one <see cref="DbFileSystem"/> to its database file, and the rules every
/// statement runs under: WAL, a busy timeout, foreign keys, full sync; writes serialised in-process by
/// a gate and begun with <c>BEGIN IMMEDIATE</c> (so a transaction never has to upgrade a read lock,
/// which SQLite refuses without waiting); whole transactions retried when SQLite still reports busy;
/// SQLite errors turned into <see cref="NamespaceException"/>s about the provider path.
/// </summary>
internal sealed partial class DbConnections : IDisposable
{
    private const int MaxIdle = 8;
    private const long MinReclaimBytes = 1 << 20;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly string _connectionString;
    private readonly ConcurrentBag<DbSession> _idle = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _disposed;

    public DbConnections(string file, TimeSpan busyTimeout, TimeSpan gatherWindow)
    {
        File = file;
        BusyTimeout = busyTimeout;
        GatherWindow = gatherWindow;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement itself until this many seconds pass; keep it
            // short, since SQLite's own busy handler does the waiting and RunAsync retries whole transactions.
            DefaultTimeout = 1,
        }.ToString();
    }

    /// <summary>The database file (full path).</summary>
    public string File { get; }

    public TimeSpan BusyTimeout { get; }

    /// <summary>Opens a new connection to the file with the per-connection settings applied.</summary>
    public static DbSession Connect(string connectionString, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var session = new DbSession(connection);
            var ms = ((long)busyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            session.Execute($"PRAGMA busy_timeout = {ms}");
            session.Execute("PRAGMA foreign_keys = ON");
            session.Execute("PRAGMA synchronous = FULL");
            // After a large write the WAL is cut back to this size at the next checkpoint.
            session.Execute("PRAGMA journal_size_limit = 67108864");
            return session;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public DbSession Rent(VPath path)
    {
        if (_disposed) throw NsErrors.Unavailable(path, $"database {File} is closed");
        if (_idle.TryTake(out var session)) return session;
        try
        {
            return Connect(_connectionString, BusyTimeout);
        }
        catch (SqliteException e)
        {
            throw Translate(e, path);
        }
    }

    public void Return(DbSession session)
    {
        if (_disposed || session.InTransaction && !session.TryRollback() || _idle.Count >= MaxIdle)
        {
            session.Dispose();
            return;
        }
        _idle.Add(session);
        // Dispose may have run between the check and the add.
        if (_disposed) DrainIdle();
    }

    /// <summary>Runs <paramref name="work"/> in a read transaction (one consistent snapshot).</summary>
    public ValueTask<T> ReadAsync<T>(VPath path, Func<DbSession, T> work, CancellationToken cancellationToken) =>
        RunAsync(path, write: false, work, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a write transaction, committed when it returns.</summary>
    // durable: false for data a power failure may lose without harm (cache fills): the commit then skips its fsync
    // (WAL with synchronous=NORMAL, which never corrupts) and costs microseconds, not milliseconds.
    public ValueTask<T> WriteAsync<T>(VPath path, Func<DbSession, T> work, CancellationToken cancellationToken, bool durable = true) =>
        RunAsync(path, write: true, work, cancellationToken, durable);

    /// <summary>
    /// Rents a connection, begins a read transaction and runs <paramref name="start"/> in it; on success the
    /// caller owns the session (with its snapshot still open) and must hand it back with <see cref="Return"/>.
    /// With <paramref name="begin"/> false <paramref name="start"/> runs outside a transaction (a statement reads its own
    /// snapshot), and may begin one itself.
    /// </summary>
    public async ValueTask<(DbSession Session, T Result)> BeginReadAsync<T>(VPath path, Func<DbSession, T> start, CancellationToken cancellationToken, bool begin = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var session = Rent(path);
            try
            {
                if (begin) session.Begin(write: false);
                return (session, start(session));
            }
            catch (SqliteException e) when (IsBusy(e) && WithinDeadline(started))
            {
                Return(session);
            }
            catch (SqliteException e)
            {
                Return(session);
                throw Translate(e, path);
            }
            catch
            {
                Return(session);
                throw;
            }
            await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Blocking form of <see cref="WriteAsync{T}"/>, for <see cref="Stream.Dispose()"/> and <see cref="Stream.Write(byte[], int, int)"/>.</summary>
    public T Write<T>(VPath path, Func<DbSession, T> work, bool durable = true)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            _writeGate.Wait();
            try
            {
                return Attempt(path, write: true, work, durable);
            }
            catch (SqliteException e) when (IsBusy(e))
            {
                if (!WithinDeadline(started)) throw Translate(e, path);
            }
            finally
            {
                _writeGate.Release();
            }
            Thread.Sleep(RetryDelay(attempt));
        }
    }

    /// <summary>Runs <paramref name="work"/> on a session the caller already holds (e.g. the next row of a listing), translating SQLite errors.</summary>
    public T Guard<T>(VPath path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException e)
        {
            throw Translate(e, path);
        }
    }

    /// <summary>
    /// Run at the end of a write transaction that removed data: when free pages make up a quarter of the file and at least
    /// 1 MiB, gives them back to the file system (the file is <c>auto_vacuum = INCREMENTAL</c>: SQLite keeps free pages until
    /// asked), so the file shrinks with the commit. Fewer are left for the next writes, which would grow the file again.
    /// </summary>
    public static void Reclaim(DbSession s)
    {
        var free = s.ScalarInt64("PRAGMA freelist_count") ?? 0;
        if (free * (s.ScalarInt64("PRAGMA page_size") ?? 0) < MinReclaimBytes || free * 4 < (s.ScalarInt64("PRAGMA page_count") ?? 0)) return;
        s.Execute("PRAGMA incremental_vacuum");
    }

    public static bool IsBusy(SqliteException e) => e.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED;

    public bool WithinDeadline(long started) => Stopwatch.GetElapsedTime(started) < BusyTimeout;

    public static TimeSpan RetryDelay(int attempt)
    {
        // Capped exponential backoff with jitter, so two processes that collided do not collide again in step.
        var ceiling = Math.Min(MaxRetryDelay.TotalMilliseconds, 2 << Math.Min(attempt, 10));
        return TimeSpan.FromMilliseconds(1 + Random.Shared.NextDouble() * ceiling);
    }

    public NamespaceException Translate(SqliteException e, VPath path)
    {
        var message = SqliteMessage(e);
        return e.SqliteErrorCode switch
        {
            SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED => NsErrors.Unavailable(path,
                $"database {File} is busy: another connection held it longer than {BusyTimeout.TotalSeconds:0.#} s", e),
            SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB => NsErrors.Unavailable(path,
                $"database {File} is damaged ({message}); mount it again to check it and move it aside", e),
            SQLitePCL.raw.SQLITE_FULL => NsErrors.Unavailable(path, $"database {File}: disk full", e),
            SQLitePCL.raw.SQLITE_READONLY => NsErrors.ReadOnly(path),
            _ => NsErrors.Unavailable(path, $"database {File}: {message}", e),
        };
    }

    /// <summary>SQLite's own message, without Microsoft.Data.Sqlite's "SQLite Error N: '...'." wrapping.</summary>
    public static string SqliteMessage(SqliteException e)
    {
        var match = WrappedMessage().Match(e.Message);
        return match.Success ? match.Groups[1].Value : e.Message;
    }

    /// <summary>
    /// Closes the idle connections, after giving every free page back to the file system and moving what the WAL holds
    /// into the database file and truncating the WAL, so the file alone holds every commit (a copy of it keeps them) even
    /// while other connections keep the WAL open. Best effort: when another connection's reader or writer holds the file
    /// or the WAL it stays as it is.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        Checkpoint();
        DrainIdle();
    }

    private void Checkpoint()
    {
        DbSession session;
        try
        {
            session = _idle.TryTake(out var idle) ? idle : Connect(_connectionString, BusyTimeout);
        }
        catch (SqliteException)
        {
            return;
        }
        using (session)
        {
            // Closing should not wait as long as a write may: a busy file is left as it is.
            TryExecute(session, s => s.Execute("PRAGMA busy_timeout = 100"));
            TryExecute(session, s =>
            {
                s.Begin(write: true);
                s.Execute("PRAGMA incremental_vacuum");
                s.Commit();
            });
            TryExecute(session, s => s.Scalar("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
    }

    private static void TryExecute(DbSession session, Action<DbSession> work)
    {
        try
        {
            work(session);
        }
        catch (SqliteException)
        {
            session.TryRollback();
        }
    }

    private void DrainIdle()
    {
        while (_idle.TryTake(out var session)) session.Dispose();
    }

    private async ValueTask<T> RunAsync<T>(VPath path, bool write, Func<DbSession, T> work, CancellationToken cancellationToken, bool durable = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            if (write) await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return Attempt(path, write, work, durable);
            }
            catch (SqliteException e) when (IsBusy(e))
            {
                if (!WithinDeadline(started)) throw Translate(e, path);
            }
            finally
            {
                if (write) _writeGate.Release();
            }
            await Task.Delay(RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    // One try of a whole transaction. Busy errors escape as SqliteException for the caller to retry; any other error is translated.
    private T Attempt<T>(VPath path, bool write, Func<DbSession, T> work, bool durable)
    {
        var session = Rent(path);
        try
        {
            if (write) session.SetDurable(durable);
            session.Begin(write);
            var result = work(session);
            session.Commit();
            return result;
        }
        catch (SqliteException e) when (!IsBusy(e))
        {
            throw Translate(e, path);
        }
        finally
        {
            Return(session);
        }
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex WrappedMessage();
}
