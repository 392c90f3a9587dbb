using Microsoft.Data.Sqlite;

namespace Namespace.Sqlite.Storage;

/// <summary>The current row of a Microsoft.Data.Sqlite reader, as an <see cref="IDbRow"/>.</summary>
internal readonly struct DbReaderRow(SqliteDataReader reader) : IDbRow
{
    public bool IsNull(int column) => reader.IsDBNull(column);

    public long Int64(int column) => reader.GetInt64(column);

    public string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
