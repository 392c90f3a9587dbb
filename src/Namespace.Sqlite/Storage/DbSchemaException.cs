namespace Namespace.Sqlite.Storage;

/// <summary>A file that is a healthy SQLite database but not one dbfs can use: it is left untouched.</summary>
internal sealed class DbSchemaException(string reason) : Exception(reason);
