using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// A statement run through SQLite's own interface rather than Microsoft.Data.Sqlite's command and reader, whose cost per
/// value read (a few tenths of a microsecond) adds up to a third of a warm 4 KiB read through a cache element
/// (<c>CacheBenchmarks</c>, category <c>warm</c>). Only for the statements on that path. Prepared once per connection
/// (see <see cref="DbSession.Statement"/>); not thread-safe. Errors are thrown as <see cref="SqliteException"/>s, as
/// Microsoft.Data.Sqlite's are, so busy retries and translation work alike.
/// </summary>
internal sealed class DbStatement : IDbRow, IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public DbStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement);
        if (rc != raw.SQLITE_OK)
        {
            _statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    /// <summary>Binds text to the parameter at <paramref name="index"/> (1-based).</summary>
    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text16(_statement, index, value));

    /// <summary>Steps to the next row; false at the end. A statement stepped must be <see cref="Reset"/>.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        // The error is the reset's (sqlite3_prepare_v3 statements report it from the step already; reset anyway).
        raw.sqlite3_reset(_statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public string? Text(int column) => IsNull(column) ? null : raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>The bytes of a blob column, valid until the next step or reset.</summary>
    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>Ends the run, and the read it holds open outside a transaction. Bindings stay until bound again.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
