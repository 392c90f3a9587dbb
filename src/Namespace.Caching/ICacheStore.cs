using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// Where a cache element (<c>-C</c>) keeps its copies: each cached file's content with a <see cref="CacheRecord"/>
/// beside it, directory records, cached listings and the element's counters. Paths are the element's paths in
/// the store (its root joined with the path in the union), so elements bound to disjoint directories keep disjoint
/// copies. The store owns them: they are never files of a file system the store may also be (dbfs keeps them in tables
/// of their own, <see cref="MemoryCacheStore"/> in memory), so a plain mount never sees them and a cache never sees a user's files. The cache layer decides what to keep and
/// when; a store only keeps it, and never drops a <see cref="CacheRecord.Dirty"/> entry. Implementations are thread-safe.
/// A store keeps two contracts, each with a contract suite every store runs: the record index (<see cref="ICacheIndex"/>)
/// and the content (<see cref="ICacheContent"/>).
/// </summary>
public interface ICacheStore : ICacheIndex, ICacheContent
{
}

/// <summary>
/// The record index of a cache store: each cached file's and directory's <see cref="CacheRecord"/> (its origin's version,
/// when validated, access times and counts for the eviction order, dirty), cached listings, and each cache element's
/// counters; dropping and evicting entries (their content goes with them). Never drops a dirty entry.
/// </summary>
public interface ICacheIndex
{
    /// <summary>The clock the cache element measures freshness and ages with (the store's own, so tests can move it).</summary>
    TimeProvider Clock { get; }

    /// <summary>The record of the entry at <paramref name="path"/>, or null when the store holds nothing there.</summary>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Unavailable when the store fails.</exception>
    ValueTask<CacheRecord?> GetRecordAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the record of the existing entry at <paramref name="path"/> (its content stays); for a
    /// <see cref="EntryKind.Directory"/> record the directory (and missing parents) is made when it is not there.
    /// </summary>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">NotFound (a file record for a file that is not there); Unavailable.</exception>
    ValueTask SetRecordAsync(VPath path, CacheRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the file at <paramref name="path"/> validated at <paramref name="validatedUtc"/> (its origin confirmed the copy
    /// <paramref name="held"/> describes), if the store still holds that copy: its record is <paramref name="held"/> apart
    /// from the reads noted since (<see cref="TouchAsync"/>). Whatever replaced it meanwhile (a newer copy, local content,
    /// nothing) stays as it is. The record's other fields and the content are not changed.
    /// </summary>
    /// <returns>True when the file was marked; false when the store holds something else there, or nothing.</returns>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Unavailable.</exception>
    ValueTask<bool> MarkValidatedAsync(VPath path, CacheRecord held, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default);

    /// <summary>Notes one read of the entry at <paramref name="path"/> at <paramref name="when"/> (last access and access count, for lru/lfu). Nothing there is no error.</summary>
    ValueTask TouchAsync(VPath path, DateTimeOffset when, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops what the store holds at and below <paramref name="path"/> (content, records and listings), except
    /// dirty entries and the directories that lead to them. <paramref name="validatedBefore"/>, when given, spares
    /// entries validated at or after it. The root itself is never removed, only emptied; nor is a directory at
    /// <paramref name="path"/> with <paramref name="keepPath"/> (the directory a cache element keeps its copies in).
    /// </summary>
    /// <returns>How many files and directories were removed.</returns>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Unavailable.</exception>
    ValueTask<long> DropAsync(VPath path, DateTimeOffset? validatedBefore = null, bool keepPath = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the clean files at <paramref name="files"/> (content and record) in one step, for eviction: a dirty file, a
    /// directory or nothing at a path is left as it is. A store may make the step without waiting for the disk (an
    /// eviction lost to a power cut leaves copies the next pass evicts again).
    /// </summary>
    /// <returns>How many files were dropped and the size of their content.</returns>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Unavailable.</exception>
    ValueTask<CacheUsage> EvictAsync(IReadOnlyList<VPath> files, CancellationToken cancellationToken = default);

    /// <summary>The cached listing of the directory at <paramref name="path"/>, or null when none is kept.</summary>
    ValueTask<CacheListing?> GetListingAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// One name in the cached listing of the directory at <paramref name="directory"/>: when that listing was validated,
    /// and the entry called <paramref name="name"/> in it (null: the origin had no such entry). Null when no listing is
    /// kept. A lookup of one name costs what one entry costs, however long the listing.
    /// </summary>
    ValueTask<CacheListed?> GetListedAsync(VPath directory, string name, CancellationToken cancellationToken = default);

    /// <summary>Keeps <paramref name="listing"/> as the listing of the directory at <paramref name="path"/>, replacing any earlier one.</summary>
    ValueTask SetListingAsync(VPath path, CacheListing listing, CancellationToken cancellationToken = default);

    /// <summary>Forgets the cached listing of the directory at <paramref name="path"/> (so the next listing asks the origin). Nothing kept is no error.</summary>
    ValueTask DropListingAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>The records of the files and directories below <paramref name="path"/> (its children only, unless <paramref name="recursive"/>), in no particular order.</summary>
    IAsyncEnumerable<CacheRecordEntry> ScanAsync(VPath path, bool recursive, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many files the store holds at and below <paramref name="path"/> (the root of what one cache element keeps;
    /// a file counts itself) and the bytes of content they hold (a ranged copy counts what it holds).
    /// </summary>
    ValueTask<CacheUsage> MeasureAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>The counters of the cache element keeping its copies at <paramref name="root"/>, as last saved (zero when none were).</summary>
    ValueTask<CacheCounters> ReadCountersAsync(VPath root, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds each delta to the saved counters of the element at its root, all in one step (durably: they survive a
    /// restart). Each root's counters are its own: an element bound below another keeps its own.
    /// </summary>
    ValueTask AddCountersAsync(IReadOnlyDictionary<VPath, CacheCounters> deltas, CancellationToken cancellationToken = default);
}

/// <summary>
/// The content store of a cache store: whole copies, filled from an origin's stream and opened with their record in one
/// step, and ranged copies, kept by the block as readers read them (<see cref="BlockSize"/>).
/// </summary>
public interface ICacheContent
{
    /// <summary>
    /// Opens the file at <paramref name="path"/> for reading and returns it with its record, in one step; null when
    /// the store holds no file there. A ranged copy (<see cref="CacheRecord.Partial"/>) opens with no content. This is the warm-read path of a cache element, so it should cost no more than
    /// opening the file does.
    /// </summary>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Unavailable when the store fails.</exception>
    ValueTask<CachedFile?> OpenCachedAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a stream that fills the file at <paramref name="path"/> with an origin's content. Missing parent
    /// directories are made. On dispose the content and <paramref name="record"/> replace what was there in one
    /// step (a crash leaves the old content with the old record, or the new with the new); after
    /// <see cref="NsWriteStream.Abort"/> nothing changes. The checks below are made when the stream opens and again when
    /// it commits; with <paramref name="checkNow"/> false (the caller has just found nothing cached there: a miss) a
    /// store may leave them to the commit, where a refusal is the dispose's error.
    /// </summary>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Conflict when the entry there is dirty (a fill never replaces local changes); IsADirectory; Unavailable.</exception>
    ValueTask<NsWriteStream> OpenFillAsync(VPath path, CacheRecord record, bool checkNow = true, CancellationToken cancellationToken = default);

    /// <summary>
    /// The unit of ranged content: <see cref="WriteRangeAsync"/> keeps whole blocks (the last block of a file may be
    /// shorter), so the ranges held of a file are made of them.
    /// </summary>
    int BlockSize { get; }

    /// <summary>
    /// Reads bytes of the copy of the file at <paramref name="path"/> that <paramref name="version"/> describes (the same
    /// size, origin ETag and modification time: <see cref="CacheRecord.SameVersion"/>) from <paramref name="offset"/>
    /// into <paramref name="buffer"/>, up to the end of the block held there (or of the buffer); a whole copy is read
    /// anywhere.
    /// </summary>
    /// <returns>How many bytes were read (0 at or past the end of the file); null when the store holds no copy of that
    /// version there, or not the block at <paramref name="offset"/>.</returns>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Unavailable.</exception>
    ValueTask<int?> ReadRangeAsync(VPath path, CacheRecord version, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps <paramref name="data"/> as the bytes at <paramref name="offset"/> of the copy <paramref name="record"/>
    /// describes, beside the ranges of that copy already held, in one step. A copy of another version there (ranged or
    /// whole) is replaced in the same step, so ranges of two versions never mix; a whole copy of the same version is left
    /// as it is. Once every block is held the copy is whole (<see cref="OpenCachedAsync"/> opens it). Missing parents are
    /// made. A store may make the step without waiting for the disk, as a fill's commit does.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="offset"/> is not a multiple of <see cref="BlockSize"/>, or <paramref name="data"/> is not whole blocks (ending at the file's end is whole).</exception>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Conflict when the entry there is dirty; IsADirectory; Unavailable.</exception>
    ValueTask WriteRangeAsync(VPath path, CacheRecord record, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>The ranges held of the file at <paramref name="path"/>, merged and in order: the whole file for a whole copy; none when there is no file.</summary>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">Unavailable.</exception>
    ValueTask<IReadOnlyList<ByteRange>> GetRangesAsync(VPath path, CancellationToken cancellationToken = default);
}
