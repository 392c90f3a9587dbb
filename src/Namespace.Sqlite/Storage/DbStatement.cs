using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// A statement run through SQLite's own interface rather than Microsoft.Data.Sqlite's command and reader, whose cost per
/// value bound or read (a few tenths of a microsecond, and a parameter object per value) added up to a third of a warm
/// 4 KiB read through a cache element (<c>CacheBenchmarks</c>, <c>warm</c>) and to more than SQLite's own work on a small
/// fill's commit (<c>cold-http</c>). <see cref="DbSession.Execute"/> and <see cref="DbSession.Scalar"/> run on it, as do the
/// queries of the warm read, a miss and a fill's checks; the others still read through Microsoft.Data.Sqlite. Prepared
/// once per connection (see <see cref="DbSession.Statement"/>); one statement a text; not thread-safe. Errors are thrown
/// as <see cref="SqliteException"/>s, as Microsoft.Data.Sqlite's are, so busy retries and translation work alike.
/// </summary>
internal sealed class DbStatement : IDbRow, IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public DbStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement, out var tail);
        if (rc != raw.SQLITE_OK)
        {
            _statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        if (!string.IsNullOrWhiteSpace(tail))
        {
            _statement.Dispose();
            throw new ArgumentException("one statement only", nameof(sql));
        }
    }

    // Parameter indexes by name, looked up once (SQLite's lookup takes the name as UTF-8, made anew each call).
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    /// <summary>Binds text to the parameter at <paramref name="index"/> (1-based).</summary>
    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text16(_statement, index, value));

    /// <summary>Unbinds every parameter (each is NULL until bound again).</summary>
    public void ClearBindings() => raw.sqlite3_clear_bindings(_statement);

    /// <summary>
    /// Binds <paramref name="value"/> to the parameter named <paramref name="name"/> (with its <c>$</c>), as
    /// Microsoft.Data.Sqlite's <c>AddWithValue</c> would: integers and booleans as INTEGER, text, bytes (an array or part of one) as a BLOB, null.
    /// A name the statement does not have is passed over, as there.
    /// </summary>
    public void Bind(string name, object? value)
    {
        if (!_indexes.TryGetValue(name, out var index)) _indexes.Add(name, index = raw.sqlite3_bind_parameter_index(_statement, name));
        if (index == 0) return;
        Check(value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, index),
            string text => raw.sqlite3_bind_text16(_statement, index, text),
            long n => raw.sqlite3_bind_int64(_statement, index, n),
            int n => raw.sqlite3_bind_int64(_statement, index, n),
            bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
            double d => raw.sqlite3_bind_double(_statement, index, d),
            byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
            ReadOnlyMemory<byte> bytes => raw.sqlite3_bind_blob(_statement, index, bytes.Span),
            _ => throw new ArgumentException($"{name}: no SQLite type for {value.GetType()}", nameof(value)),
        });
    }

    /// <summary>Rows the statement changed, as Microsoft.Data.Sqlite counts them: -1 for one that changes nothing by its kind (a query, a transaction statement).</summary>
    public int Changes => raw.sqlite3_stmt_readonly(_statement) != 0 ? -1 : raw.sqlite3_changes(_db);

    /// <summary>The value of a column as Microsoft.Data.Sqlite's <c>GetValue</c> gives it (null for NULL).</summary>
    public object? Value(int column) => raw.sqlite3_column_type(_statement, column) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, column),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, column),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, column).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(_statement, column).ToArray(),
        _ => null,
    };

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
