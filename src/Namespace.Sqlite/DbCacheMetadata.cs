namespace Namespace.Sqlite;

/// <summary>
/// What a cache element records about one entry's origin copy, stored beside the entry (schema version 2).
/// dbfs itself never reads or changes it except through <see cref="DbFileSystem.SetCacheMetadataAsync"/>
/// and <see cref="DbFileSystem.OpenWriteAsync(Core.Paths.VPath, Core.Providers.WriteMode, DbCacheMetadata, CancellationToken)"/>;
/// the damaged-file policy reads <see cref="Dirty"/> to decide whether a file may be moved aside.
/// </summary>
/// <param name="OriginETag">The origin's ETag for the copy held here (the base of a dirty file's conditional upload), or null.</param>
/// <param name="OriginSize">The origin's size of that copy, or null.</param>
/// <param name="OriginModifiedUtc">The origin's modification time of that copy, or null.</param>
/// <param name="ValidatedUtc">When the cache last fetched or revalidated the entry (freshness is this plus the TTL), or null.</param>
/// <param name="Dirty">True while the entry holds changes not yet written to the origin: never evicted, purged or expired.</param>
public sealed record DbCacheMetadata(
    string? OriginETag,
    long? OriginSize,
    DateTimeOffset? OriginModifiedUtc,
    DateTimeOffset? ValidatedUtc,
    bool Dirty)
{
    /// <summary>Nothing known about an origin; not dirty (what every entry starts with).</summary>
    public static DbCacheMetadata None { get; } = new(null, null, null, null, false);
}
