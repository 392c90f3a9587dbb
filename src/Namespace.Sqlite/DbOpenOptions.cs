namespace Namespace.Sqlite;

/// <summary>How <see cref="DbFileSystem.OpenAsync"/> opens a database file.</summary>
public sealed record DbOpenOptions
{
    /// <summary>The default chunk size: 1 MiB.</summary>
    public const int DefaultChunkSize = 1 << 20;

    /// <summary>What to do when the file is damaged; <see cref="DbDamagePolicy.Fail"/> by default.</summary>
    public DbDamagePolicy Damaged { get; init; } = DbDamagePolicy.Fail;

    /// <summary>
    /// Run SQLite's <c>quick_check</c> on open (reads the whole file once), so damage is found at mount time
    /// rather than by the first operation that meets it. On by default; turn it off for large caches that
    /// must mount fast: damage then surfaces as Unavailable errors from the operations that hit it.
    /// </summary>
    public bool VerifyOnOpen { get; init; } = true;

    /// <summary>How long an operation waits for another connection or process to release the database before failing with Unavailable.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Size of the pieces file content is stored in (4 KiB to 64 MiB). It bounds the memory one open write
    /// stream holds; files already written keep the chunk size they were written with.
    /// </summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>
    /// A write stream's data that no writer has touched for this long (its process died, or the stream was
    /// never disposed) is removed when the database is next opened. One day by default.
    /// </summary>
    public TimeSpan StagedContentExpiry { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a cache copy whose commit nobody waits for (<see cref="Caching.IDeferrableCommit.AllowDeferredCommit"/>)
    /// may be held, so that the copies handed over meanwhile are committed in the same transaction. 2 ms by default;
    /// zero commits each at once.
    /// </summary>
    public TimeSpan GatherWindow { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Clock for modification times and the move-aside stamp; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }
}
