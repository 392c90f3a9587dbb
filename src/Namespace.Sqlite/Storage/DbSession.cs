using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// One open connection with its prepared commands. Transactions are plain <c>BEGIN</c>/<c>COMMIT</c>
/// statements (not <see cref="SqliteTransaction"/>) so the cached commands need no transaction object.
/// Not thread-safe: one user at a time, handed out and taken back by <see cref="DbConnections"/>.
/// </summary>
internal sealed class DbSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DbStatement> _statements = new(StringComparer.Ordinal);

    public DbSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    // PRAGMA synchronous on this connection: FULL (as connected) or NORMAL, changed only when a write needs the other.
    private bool _relaxed;

    /// <summary>True while a transaction is open on the connection.</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    /// <summary>A prepared command for <paramref name="sql"/>, reused across calls, with its parameters cleared.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Parameters.Clear();
        return command;
    }

    /// <summary>A statement run through SQLite's own interface (see <see cref="DbStatement"/>), prepared once per connection.</summary>
    public DbStatement Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement)) _statements.Add(sql, statement = new DbStatement(Connection, sql));
        return statement;
    }

    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs a statement to its end; how many rows it changed (-1: a query or a transaction statement).</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        var statement = Bound(sql, parameters);
        try
        {
            while (statement.Step())
            {
            }
            return statement.Changes;
        }
        finally
        {
            statement.Reset();
        }
    }

    /// <summary>The first column of the statement's first row (null: none, or NULL). A statement with RETURNING has made all its changes by then.</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        var statement = Bound(sql, parameters);
        try
        {
            return statement.Step() ? statement.Value(0) : null;
        }
        finally
        {
            statement.Reset();
        }
    }

    /// <summary>
    /// Runs an INSERT of one row and returns the rowid SQLite gave it (<c>sqlite3_last_insert_rowid</c>): the same as
    /// <c>RETURNING rowid</c> would say, without the results table SQLite fills and reads back for RETURNING: a fifth of
    /// what 1,000 small fills committed together cost (<c>FillBenchmarks</c>, committed at once). Only for an INSERT that
    /// makes its row or fails (no <c>OR IGNORE</c>, no <c>DO NOTHING</c>): one that makes none leaves an earlier insert's rowid.
    /// </summary>
    public long Insert(string sql, params (string Name, object? Value)[] parameters)
    {
        Execute(sql, parameters);
        return raw.sqlite3_last_insert_rowid(Connection.Handle);
    }

    // Execute and Scalar run through SQLite's own interface: on a fill's commit, Microsoft.Data.Sqlite's command (a
    // parameter object made and bound per value) cost more than SQLite's work (CacheBenchmarks, cold-http).
    private DbStatement Bound(string sql, (string Name, object? Value)[] parameters)
    {
        var statement = Statement(sql);
        statement.ClearBindings();
        foreach (var (name, value) in parameters) statement.Bind(name, value);
        return statement;
    }

    public long? ScalarInt64(string sql, params (string Name, object? Value)[] parameters) =>
        Scalar(sql, parameters) is { } value ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Runs a script of several statements once (not cached).</summary>
    public void ExecuteScript(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Makes the next commit durable (<c>synchronous = FULL</c>: fsync at commit) or not (<c>NORMAL</c>: in WAL mode no
    /// fsync at commit, never corruption; a power cut may lose the newest commits). Issues the pragma only on a change.
    /// </summary>
    public void SetDurable(bool durable)
    {
        if (_relaxed != durable) return;
        Execute(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        _relaxed = !durable;
    }

    public void Begin(bool write) => Command(write ? "BEGIN IMMEDIATE" : "BEGIN").ExecuteNonQuery();

    public void Commit() => Command("COMMIT").ExecuteNonQuery();

    /// <summary>Rolls back if a transaction is open; never throws (the connection is dropped if it cannot).</summary>
    public bool TryRollback()
    {
        if (!InTransaction) return true;
        try
        {
            Command("ROLLBACK").ExecuteNonQuery();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
        Connection.Dispose();
    }
}
