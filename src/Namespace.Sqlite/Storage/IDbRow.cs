namespace Namespace.Sqlite.Storage;

/// <summary>
/// The current row of a query, read the same way from Microsoft.Data.Sqlite's reader (<see cref="DbReaderRow"/>) and from
/// a <see cref="DbStatement"/>, so one method turns the columns of a record into a value for both.
/// </summary>
internal interface IDbRow
{
    bool IsNull(int column);

    long Int64(int column);

    string? Text(int column);
}
