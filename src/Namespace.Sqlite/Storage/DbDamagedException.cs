namespace Namespace.Sqlite.Storage;

/// <summary>The database file is damaged (not a database, or failing SQLite's checks); the open policy decides what follows.</summary>
internal sealed class DbDamagedException(string reason, Exception? inner) : Exception(reason, inner);
