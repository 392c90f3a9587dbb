using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// The write-back journal of a cache store (DESIGN §5): the local changes of <c>mode=writeback</c> elements and, for each
/// path changed, one row saying what the origin is to end up with there, kept in the same store and the same step as the
/// change itself, so a change that returned is never lost. Repeated changes to one path coalesce into its row; each change
/// gives the row a new <see cref="JournalEntry.Sequence"/>, which orders the rows and tells the uploader whether a row
/// changed while it was uploading. The uploader claims rows, and completes, retries or parks them; the store never drops
/// a row or its dirty content on its own. Paths are the store's (a cache element's root joined with the path in the union).
/// </summary>
public interface ICacheJournal
{
    /// <summary>
    /// Opens a local write of the whole file at <paramref name="path"/>. On dispose, in one durable step (the data and
    /// the row are on disk before it returns): the content replaces what the store held there (a copy, or earlier local
    /// content), the file's record becomes dirty (pinned: never dropped, evicted or expired) and the path's row says
    /// <see cref="JournalChange.Write"/>. A row already there keeps its base (the origin's version the first change not
    /// yet uploaded started from); a new row takes <paramref name="basedOn"/>. A failed or parked row becomes pending again,
    /// except a conflict, which stays one until it is resolved. After <see cref="NsWriteStream.Abort"/> nothing changes.
    /// Missing parent directories are made in the store.
    /// </summary>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">IsADirectory; Unavailable (the store failed or the disk is full: nothing changed).</exception>
    ValueTask<NsWriteStream> OpenLocalWriteAsync(VPath path, OriginVersion basedOn, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a local rename of the file at <paramref name="from"/> to <paramref name="to"/>, whose content is written to the
    /// stream. On dispose, in one durable step, what <see cref="OpenLocalWriteAsync"/> does at <paramref name="to"/> (based
    /// on <paramref name="toBase"/>) and what <see cref="MarkAsync"/> does for a removal at <paramref name="from"/> (based
    /// on <paramref name="fromBase"/>): a crash leaves one name or the other, never both or neither. After
    /// <see cref="NsWriteStream.Abort"/> nothing changes.
    /// </summary>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">IsADirectory (either is a directory); Unavailable.</exception>
    ValueTask<NsWriteStream> OpenLocalMoveAsync(VPath from, OriginVersion fromBase, VPath to, OriginVersion toBase, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a local directory (a dirty directory record, and the row <see cref="JournalChange.Directory"/>) or a local
    /// removal of a file or an empty directory (its local record and content go, and the row says
    /// <see cref="JournalChange.Remove"/>), in one durable step, with the row's base kept as a write keeps it. A removal of a
    /// path whose row's base says the origin has nothing there, and which no upload began to send, leaves no row at all:
    /// the change never reaches the origin.
    /// </summary>
    /// <exception cref="Namespace.Core.Errors.NamespaceException">NotADirectory (a directory over a file), NotEmpty (a directory with entries removed); Unavailable.</exception>
    ValueTask MarkAsync(VPath path, JournalChange change, OriginVersion basedOn, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default);

    /// <summary>The row of <paramref name="path"/>, or null when nothing is waiting there.</summary>
    ValueTask<JournalEntry?> GetJournalAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>The rows at and below <paramref name="path"/>, in <see cref="JournalEntry.Sequence"/> order.</summary>
    IAsyncEnumerable<JournalEntry> ReadJournalAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the row <see cref="JournalState.Uploading"/>, if it is still at <paramref name="sequence"/>, durably noting
    /// <paramref name="sent"/> (a digest of the content about to be sent, or null for a directory or a removal): from now
    /// on the origin may hold it, whatever happens to this process.
    /// </summary>
    /// <returns>False when the row changed or went meanwhile.</returns>
    ValueTask<bool> ClaimAsync(VPath path, long sequence, string? sent, CancellationToken cancellationToken = default);

    /// <summary>
    /// The origin took the row's change at <paramref name="sequence"/> and now has <paramref name="result"/> there. If the row
    /// is still at that sequence it goes, in one step with what it covered: a written file's record becomes a clean copy of
    /// <paramref name="result"/> validated at <paramref name="validatedUtc"/> (its content stays), a directory's record
    /// clean. If the path changed meanwhile the row stays, pending, with <paramref name="result"/> as its base (what its next
    /// upload is conditional on) and nothing sent.
    /// </summary>
    /// <returns>True when the row went.</returns>
    ValueTask<bool> CompleteAsync(VPath path, long sequence, OriginVersion result, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the state of the row at <paramref name="sequence"/> (a retry: pending, with its attempts and the time it may be
    /// tried again; or parked: failed or conflict, with the origin's reason). A row that changed meanwhile is left pending.
    /// </summary>
    ValueTask SetStateAsync(VPath path, long sequence, JournalState state, string? reason, int attempts, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Settles the row of <paramref name="path"/>: with <paramref name="keepLocal"/> it becomes pending again, based on
    /// <paramref name="current"/> (the origin's version now, which its upload then replaces); otherwise the local change is
    /// given up: the row goes, with the dirty content or directory record it held (the next read asks the origin).
    /// </summary>
    /// <returns>False when there is no row there.</returns>
    ValueTask<bool> ResolveAsync(VPath path, bool keepLocal, OriginVersion current, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes or renews the lease that lets one uploader at a time drain the rows below <paramref name="root"/>: it is
    /// <paramref name="holder"/>'s until <paramref name="untilUtc"/> when no other holder has it, or the other's lease ran
    /// out before <paramref name="nowUtc"/>, or <paramref name="holderGone"/> says of the other holder that it is gone (its
    /// process died: the lease need not run out first). A store several processes share keeps it where they all see it.
    /// </summary>
    /// <returns>True when <paramref name="holder"/> holds the lease now.</returns>
    ValueTask<bool> TryLeaseAsync(VPath root, string holder, DateTimeOffset nowUtc, DateTimeOffset untilUtc, Func<string, bool>? holderGone = null, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease of <paramref name="root"/> up, if <paramref name="holder"/> holds it, so another uploader may take it at once.</summary>
    ValueTask ReleaseLeaseAsync(VPath root, string holder, CancellationToken cancellationToken = default);
}

/// <summary>What the origin is to end up with at a path of the journal.</summary>
public enum JournalChange
{
    /// <summary>The file with the local content (the path's dirty record and content in the store).</summary>
    Write,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>Nothing: the file there is removed.</summary>
    Remove,
}

/// <summary>Where a journal row stands.</summary>
public enum JournalState
{
    /// <summary>Waiting for the uploader (also after a transient error, until its back-off ends).</summary>
    Pending,
    /// <summary>Being sent to the origin.</summary>
    Uploading,
    /// <summary>The origin refused it for good (400, 401, 403, a missing parent): parked, with the reason.</summary>
    Failed,
    /// <summary>The origin holds a version the change was not based on: parked until <c>resolve</c>.</summary>
    Conflict,
}

/// <summary>
/// A version of what an origin has at a path, as a journal row's base (what the upload is conditional on) or as what an
/// upload left there.
/// </summary>
/// <param name="Known">False when the cache did not know what the origin had there when the change was made (an upload
/// then creates the file only where nothing is there, and otherwise compares contents).</param>
/// <param name="Kind">The kind of entry there; null when nothing is there.</param>
/// <param name="ETag">Its ETag, or null.</param>
/// <param name="ModifiedUtc">Its modification time, or null.</param>
public sealed record OriginVersion(bool Known, EntryKind? Kind, string? ETag, DateTimeOffset? ModifiedUtc)
{
    /// <summary>Not known.</summary>
    public static OriginVersion Unknown { get; } = new(false, null, null, null);

    /// <summary>Nothing there.</summary>
    public static OriginVersion Absent { get; } = new(true, null, null, null);

    /// <summary>True when it says something is there.</summary>
    public bool Exists => Kind is not null;

    /// <summary>The version of <paramref name="entry"/> (nothing there for null).</summary>
    public static OriginVersion Of(NsEntry? entry) => entry is null ? Absent : new(true, entry.Kind, entry.ETag, entry.ModifiedUtc.ToUniversalTime());

    /// <summary>The validator a conditional change asks for: its ETag, or without one its modification time.</summary>
    public CacheValidator Validator => new(ETag, ModifiedUtc);
}

/// <summary>One row of the journal.</summary>
/// <param name="Path">The store path.</param>
/// <param name="Sequence">Its place in the journal: each change to the path gives it a new, higher one.</param>
/// <param name="Change">What the origin is to end up with.</param>
/// <param name="Base">The origin's version the change started from (what the upload is conditional on).</param>
/// <param name="State">Where it stands.</param>
/// <param name="Reason">Why it failed or conflicts (the origin's words), or the last transient error; null otherwise.</param>
/// <param name="Attempts">Uploads tried and failed since the last change.</param>
/// <param name="NotBeforeUtc">Not uploaded before this (the <c>delay</c> option, or a back-off).</param>
/// <param name="Sent">A digest of the content an upload of the row began to send since its base was set (the origin may
/// hold it: an upload that landed before this process could record it), or null.</param>
public sealed record JournalEntry(
    VPath Path,
    long Sequence,
    JournalChange Change,
    OriginVersion Base,
    JournalState State,
    string? Reason,
    int Attempts,
    DateTimeOffset NotBeforeUtc,
    string? Sent);
