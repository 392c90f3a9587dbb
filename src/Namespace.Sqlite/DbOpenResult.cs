namespace Namespace.Sqlite;

/// <summary>What <see cref="DbFileSystem.OpenAsync"/> opened, and what it had to do first (for the shell to tell the user).</summary>
/// <param name="FileSystem">The open provider; dispose it when done.</param>
/// <param name="Created">True when the database was created (it did not exist, was empty, or replaced a damaged one).</param>
/// <param name="PreviousSchemaVersion">The schema version the file had before opening (0 for a new file); migrations ran when lower than the current one.</param>
/// <param name="MovedAsideTo">Where a damaged file was moved, or null.</param>
/// <param name="Damage">Why the moved file was judged damaged, or null.</param>
public sealed record DbOpenResult(
    DbFileSystem FileSystem,
    bool Created,
    int PreviousSchemaVersion,
    string? MovedAsideTo,
    string? Damage);
