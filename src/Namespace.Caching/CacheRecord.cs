using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>What a cache store keeps beside one cached file or directory.</summary>
/// <param name="Kind">File or directory.</param>
/// <param name="Size">The size of the cached content in bytes (0 for directories).</param>
/// <param name="OriginETag">The origin's ETag of the copy held, or null when the origin gave none.</param>
/// <param name="OriginModifiedUtc">The origin's modification time of the copy held, or null.</param>
/// <param name="ValidatedUtc">When the cache last fetched or revalidated the entry (fresh while this plus the TTL is in the future); null when never (content made locally); <see cref="DateTimeOffset.MinValue"/> for a cache's copy not confirmed yet (a write-through's copy until the origin's version is learnt), which is never fresh.</param>
/// <param name="StoredUtc">When the content was fetched into the store (for <c>policy=fifo</c>).</param>
/// <param name="LastAccessUtc">When the entry was last read (for <c>policy=lru</c>).</param>
/// <param name="AccessCount">How often the entry was read (for <c>policy=lfu</c>).</param>
/// <param name="Dirty">True while the entry holds changes not yet written to the origin: never dropped, evicted or expired.</param>
/// <param name="Partial">True when the store holds only some ranges of the file (a ranged copy, kept by <see cref="ICacheContent.WriteRangeAsync"/>): <see cref="Size"/> is the whole file's, and the content is read by the range. Set by the store; ignored in what is given to it.</param>
public sealed record CacheRecord(
    EntryKind Kind,
    long Size,
    string? OriginETag,
    DateTimeOffset? OriginModifiedUtc,
    DateTimeOffset? ValidatedUtc,
    DateTimeOffset StoredUtc,
    DateTimeOffset LastAccessUtc,
    long AccessCount,
    bool Dirty,
    bool Partial = false)
{
    /// <summary>True when <paramref name="other"/> describes the same version of the origin's file: size, ETag and modification time.</summary>
    public bool SameVersion(CacheRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Size == other.Size && OriginETag == other.OriginETag && OriginModifiedUtc == other.OriginModifiedUtc;
    }
}

/// <summary>A range of a file's bytes.</summary>
/// <param name="Offset">Where it starts.</param>
/// <param name="Length">How many bytes it has.</param>
public readonly record struct ByteRange(long Offset, long Length)
{
    /// <summary>Where it ends (the offset after its last byte).</summary>
    public long End => Offset + Length;
}

/// <summary>A record and the provider path it belongs to.</summary>
/// <param name="Path">The provider path.</param>
/// <param name="Record">Its record.</param>
public readonly record struct CacheRecordEntry(Namespace.Core.Paths.VPath Path, CacheRecord Record);

/// <summary>An origin's directory listing as the cache keeps it.</summary>
/// <param name="ValidatedUtc">When it was fetched from the origin.</param>
/// <param name="Entries">The origin's entries, sorted ordinally by name.</param>
public sealed record CacheListing(DateTimeOffset ValidatedUtc, IReadOnlyList<NsEntry> Entries)
{
    /// <summary>The entry called <paramref name="name"/>, or null (a binary search of the sorted entries).</summary>
    public NsEntry? Find(string name)
    {
        int low = 0, high = Entries.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = string.CompareOrdinal(Entries[mid].Name, name);
            if (order == 0) return Entries[mid];
            if (order < 0) low = mid + 1;
            else high = mid - 1;
        }
        return null;
    }
}

/// <summary>One name looked up in a cached listing (<see cref="ICacheIndex.GetListedAsync"/>).</summary>
/// <param name="ValidatedUtc">When the listing was fetched from the origin.</param>
/// <param name="Entry">The origin's entry of that name; null when the listing has none.</param>
public readonly record struct CacheListed(DateTimeOffset ValidatedUtc, NsEntry? Entry);

/// <summary>How much a cache store holds.</summary>
/// <param name="Files">Cached files.</param>
/// <param name="Bytes">Their total size.</param>
public readonly record struct CacheUsage(long Files, long Bytes);

/// <summary>A cache element's counters (persisted in its store, so they survive restarts).</summary>
/// <param name="Hits">Reads and stats answered from the cache without asking the origin.</param>
/// <param name="Misses">Reads that had to fetch from the origin.</param>
/// <param name="Revalidations">Stale entries the origin confirmed unchanged.</param>
/// <param name="Evictions">Entries removed to honour maxsize, maxentries, maxage or a purge.</param>
/// <param name="Errors">Origin failures met (including those answered with a stale copy).</param>
/// <param name="BytesFetched">Bytes read from the origin.</param>
/// <param name="BytesServed">Bytes read from the cache.</param>
public readonly record struct CacheCounters(long Hits, long Misses, long Revalidations, long Evictions, long Errors, long BytesFetched, long BytesServed)
{
    /// <summary>The sum of two sets of counters.</summary>
    public static CacheCounters operator +(CacheCounters a, CacheCounters b) =>
        new(a.Hits + b.Hits, a.Misses + b.Misses, a.Revalidations + b.Revalidations, a.Evictions + b.Evictions,
            a.Errors + b.Errors, a.BytesFetched + b.BytesFetched, a.BytesServed + b.BytesServed);

    /// <summary>True when every counter is zero.</summary>
    public bool IsZero => this == default;
}

/// <summary>A cached file opened for reading together with its record, in one step (the warm-read path).</summary>
/// <param name="Record">The file's record when it was opened.</param>
/// <param name="Content">Its content; the caller disposes it. Empty for a ranged copy (<see cref="CacheRecord.Partial"/>), whose ranges are read with <see cref="ICacheContent.ReadRangeAsync"/>.</param>
public sealed record CachedFile(CacheRecord Record, Stream Content);
