using System.Globalization;
using Microsoft.Data.Sqlite;
using Namespace.Core.Errors;
using Namespace.Sqlite.Storage;

namespace Namespace.Sqlite;

public sealed partial class DbFileSystem
{
    private static readonly string[] SideFiles = ["-wal", "-shm", "-journal"];

    /// <summary>
    /// Opens (creating if needed) the database file at <paramref name="path"/>: switches it to WAL, runs any
    /// pending schema migrations, optionally verifies it, and removes expired staged writes. A damaged file
    /// is handled as <see cref="DbOpenOptions.Damaged"/> says; the result tells what happened.
    /// </summary>
    /// <exception cref="NamespaceException">
    /// Unavailable, naming the file: it is damaged (and may not, or must not, be moved aside), it is another
    /// program's SQLite database, it was made by a newer dbfs, or it cannot be opened. NotFound when its
    /// directory does not exist.
    /// </exception>
    public static ValueTask<DbOpenResult> OpenAsync(string path, DbOpenOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new DbOpenOptions();
        if (options.ChunkSize is < 4096 or > 64 << 20)
            throw new ArgumentOutOfRangeException(nameof(options), options.ChunkSize, "ChunkSize must be between 4 KiB and 64 MiB");
        if (options.BusyTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "BusyTimeout must be positive");
        if (options.GatherWindow < TimeSpan.Zero || options.GatherWindow > TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(options), options.GatherWindow, "GatherWindow must be between zero and one day");
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<DbOpenResult>(cancellationToken);
        // SQLite works synchronously: the result is ready on return, and failures travel in the ValueTask.
        try
        {
            return ValueTask.FromResult(Open(Path.GetFullPath(path), options));
        }
        catch (NamespaceException e)
        {
            return ValueTask.FromException<DbOpenResult>(e);
        }
    }

    private static DbOpenResult Open(string file, DbOpenOptions options)
    {
        if (Directory.Exists(file)) throw NsErrors.Unavailable(file, "is a directory, not a database file");
        var directory = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(directory)) throw NsErrors.NotFound(directory);
        try
        {
            return OpenFile(file, options, movedAsideTo: null, damage: null);
        }
        catch (DbDamagedException damaged)
        {
            return Recover(file, options, damaged);
        }
    }

    private static DbOpenResult OpenFile(string file, DbOpenOptions options, string? movedAsideTo, string? damage)
    {
        var isNew = !File.Exists(file) || new FileInfo(file).Length == 0;
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 1,
        }.ToString();
        DbSession? session = null;
        try
        {
            session = DbConnections.Connect(connectionString, options.BusyTimeout);
            if (isNew) DbSchema.PrepareNewFile(session);
            session.Execute("PRAGMA journal_mode = WAL");
            // Verified before migrating: a damaged file is refused as it is, never written to first. Another program's
            // database is left to Migrate, which refuses it without reading it through.
            if (options.VerifyOnOpen && (isNew || session.ScalarInt64("PRAGMA application_id") == DbSchema.ApplicationId))
            {
                var problems = new List<string>();
                using (var reader = session.Command("PRAGMA quick_check").ExecuteReader())
                {
                    while (reader.Read() && problems.Count < 3) problems.Add(reader.GetString(0));
                }
                if (problems is not ["ok"]) throw new DbDamagedException(string.Join("; ", problems), null);
            }
            var previous = DbSchema.Migrate(session);
            var now = (options.Time ?? TimeProvider.System).GetUtcNow();
            session.Begin(write: true);
            session.Execute(Sql.SweepStaged, ("$cutoff", (now - options.StagedContentExpiry).UtcTicks));
            session.Commit();

            var connections = new DbConnections(file, options.BusyTimeout, options.GatherWindow);
            connections.Return(session);
            session = null;
            return new DbOpenResult(new DbFileSystem(connections, options), isNew || movedAsideTo is not null, previous, movedAsideTo, damage);
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            throw new DbDamagedException(DbConnections.SqliteMessage(e), e);
        }
        catch (SqliteException e)
        {
            throw NsErrors.Unavailable(file, $"cannot open database: {DbConnections.SqliteMessage(e)}", e);
        }
        catch (DbSchemaException e)
        {
            throw NsErrors.Unavailable(file, e.Message, e);
        }
        finally
        {
            session?.Dispose();
        }
    }

    private static DbOpenResult Recover(string file, DbOpenOptions options, DbDamagedException damaged)
    {
        var reason = damaged.Message;
        if (options.Damaged == DbDamagePolicy.Fail)
            throw NsErrors.Unavailable(file, $"database is damaged ({reason}); it was left as it is: move it aside (or let dbfs do so) to start with an empty one", damaged);
        var (state, dirty) = ProbeDirty(file, options);
        switch (state)
        {
            case Dirt.Dirty:
                throw NsErrors.Unavailable(file,
                    $"database is damaged ({reason}) and holds {dirty} changed file(s) not yet written to their origin, so it was left as it is; " +
                    $"save what can be saved (sqlite3 '{file}' .recover > recovered.sql), then move it aside to start afresh", damaged);
            case Dirt.Unknown:
                throw NsErrors.Unavailable(file,
                    $"database is damaged ({reason}) and could not be searched for changes not yet written to their origin, so it was left as it is; " +
                    $"save what can be saved (sqlite3 '{file}' .recover > recovered.sql), then move it aside to start afresh", damaged);
            case Dirt.Unreadable when options.Damaged != DbDamagePolicy.MoveAsideUnlessDirty:
                throw NsErrors.Unavailable(file,
                    $"database cannot be read at all ({reason}), so whether it holds unsaved changes is unknown; it was left as it is: move it aside to start afresh", damaged);
        }
        var movedTo = MoveAside(file, options.Time ?? TimeProvider.System);
        try
        {
            return OpenFile(file, options, movedTo, reason);
        }
        catch (DbDamagedException again)
        {
            throw NsErrors.Unavailable(file, $"a fresh database could not be made after moving the damaged one to {movedTo}: {again.Message}", again);
        }
    }

    private enum Dirt
    {
        Clean,
        Dirty,
        Unknown,
        Unreadable,
    }

    // How much dirty data a damaged file holds, read as far as it can be read.
    private static (Dirt State, long Count) ProbeDirty(string file, DbOpenOptions options)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 1,
        }.ToString();
        DbSession session;
        try
        {
            session = DbConnections.Connect(connectionString, options.BusyTimeout);
        }
        catch (SqliteException)
        {
            return (Dirt.Unreadable, 0);
        }
        using (session)
        {
            var tables = new List<string>();
            try
            {
                if (session.ScalarInt64("PRAGMA application_id") != DbSchema.ApplicationId) return (Dirt.Unreadable, 0);
                // Dirty data sat in the file tree's table up to schema version 4, and in the cache's own from version 5.
                foreach (var table in new[] { "entries", "cache_entries" })
                {
                    if (session.ScalarInt64($"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = 'dirty'") > 0) tables.Add(table);
                }
            }
            catch (SqliteException)
            {
                return (Dirt.Unreadable, 0);
            }
            // Schema versions without the column never held dirty data.
            if (tables.Count == 0) return (Dirt.Clean, 0);
            try
            {
                // A full scan of each table itself, not the partial index, so a damaged index cannot hide a row.
                var count = tables.Sum(table => session.ScalarInt64($"SELECT count(*) FROM {table} NOT INDEXED WHERE dirty <> 0")!.Value);
                return count == 0 ? (Dirt.Clean, 0) : (Dirt.Dirty, count);
            }
            catch (SqliteException)
            {
                return (Dirt.Unknown, 0);
            }
        }
    }

    private static string MoveAside(string file, TimeProvider time)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var target = $"{file}.corrupt-{stamp}";
        for (var n = 2; File.Exists(target); n++) target = $"{file}.corrupt-{stamp}-{n}";
        try
        {
            File.Move(file, target);
            // The WAL may hold the newest committed data: it goes with the file, under the name SQLite looks for.
            foreach (var suffix in SideFiles)
            {
                if (File.Exists(file + suffix)) File.Move(file + suffix, target + suffix);
            }
        }
        catch (IOException e)
        {
            throw NsErrors.Unavailable(file, $"database is damaged and could not be moved aside: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw NsErrors.Unavailable(file, $"database is damaged and could not be moved aside: {e.Message}", e);
        }
        return target;
    }

    private static bool IsDamage(SqliteException e) =>
        e.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB
        || e.SqliteExtendedErrorCode == SQLitePCL.raw.SQLITE_IOERR_SHORT_READ;
}
