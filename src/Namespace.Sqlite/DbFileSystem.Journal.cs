using System.Runtime.CompilerServices;
using Namespace.Caching;
using Namespace.Core.Diagnostics;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Sqlite.Storage;

namespace Namespace.Sqlite;

// The write-back journal (ICacheJournal): rows in `journal`, changed in the same durable transaction as the cache entries
// they cover; a local write's content is committed by its stream (DbWriteStream) together with its row.
public sealed partial class DbFileSystem : ICacheJournal
{
    private const string JournalColumns = "path, sequence, change, base_known, base_kind, base_etag, base_mtime, state, reason, attempts, not_before, sent";

    /// <inheritdoc/>
    public async ValueTask<NsWriteStream> OpenLocalWriteAsync(VPath path, OriginVersion basedOn, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basedOn);
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
        await _db.ReadAsync(path, s =>
        {
            if (CacheKindOf(s, path) == DirKind) throw NsErrors.IsADirectory(path);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var record = new CacheRecord(EntryKind.File, 0, null, null, null, now, now, 0, Dirty: true);
        return new DbWriteStream(this, path, WriteMode.Replace, _options.ChunkSize, record, new LocalChange(basedOn, notBeforeUtc));
    }

    /// <inheritdoc/>
    public async ValueTask<NsWriteStream> OpenLocalMoveAsync(VPath from, OriginVersion fromBase, VPath to, OriginVersion toBase, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fromBase);
        ArgumentNullException.ThrowIfNull(toBase);
        if (from.IsRoot) throw NsErrors.IsADirectory(from);
        if (to.IsRoot) throw NsErrors.IsADirectory(to);
        await _db.ReadAsync(to, s =>
        {
            if (CacheKindOf(s, from) == DirKind) throw NsErrors.IsADirectory(from);
            if (CacheKindOf(s, to) == DirKind) throw NsErrors.IsADirectory(to);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var record = new CacheRecord(EntryKind.File, 0, null, null, null, now, now, 0, Dirty: true);
        return new DbWriteStream(this, to, WriteMode.Replace, _options.ChunkSize, record, new LocalChange(toBase, notBeforeUtc, from, fromBase));
    }

    // The removal half of a local rename, in the write's transaction, after the write: the file's record goes, and its row
    // says it is removed (based on what it was based on before the write).
    internal static void RemoveMoved(DbSession s, VPath path, OriginVersion basis, DateTimeOffset notBeforeUtc)
    {
        if (CacheKindOf(s, path) == DirKind) throw NsErrors.IsADirectory(path);
        s.Execute("DELETE FROM cache_entries WHERE path = $path", ("$path", path.Value));
        Journal(s, path, JournalChange.Remove, basis, notBeforeUtc);
    }

    /// <inheritdoc/>
    public async ValueTask MarkAsync(VPath path, JournalChange change, OriginVersion basedOn, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basedOn);
        if (path.IsRoot) throw NsErrors.InvalidPath(path, "the root of a cache is never changed");
        await _db.WriteAsync(path, s =>
        {
            var kind = CacheKindOf(s, path);
            var basis = BaseOf(s, path, basedOn);
            switch (change)
            {
                case JournalChange.Directory:
                    if (kind == FileKind) throw NsErrors.NotADirectory(path);
                    if (kind is null) MakeCacheDirectories(s, path);
                    s.Execute("UPDATE cache_entries SET dirty = 1, validated_at = NULL WHERE path = $path", ("$path", path.Value));
                    break;
                case JournalChange.Remove:
                    if (kind == DirKind && s.ScalarInt64("SELECT count(*) FROM cache_entries WHERE parent = $path", ("$path", path.Value)) > 0)
                        throw NsErrors.NotEmpty(path);
                    if (kind is not null) s.Execute("DELETE FROM cache_entries WHERE path = $path", ("$path", path.Value));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(change), change, "a write is made with OpenLocalWriteAsync");
            }
            Journal(s, path, change, basis, notBeforeUtc);
            CrashPoints.Reach("mark.before-commit");
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach("mark.committed");
        ForgetTouches(path, below: false);
    }

    /// <inheritdoc/>
    public ValueTask<JournalEntry?> GetJournalAsync(VPath path, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(path, s => ReadRow(s, path), cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<JournalEntry> ReadJournalAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (low, high) = SubtreeBounds(path);
        var rows = await _db.ReadAsync(path, s =>
        {
            var found = new List<JournalEntry>();
            using var reader = s.Command($"SELECT {JournalColumns} FROM journal WHERE path = $path OR (path > $low AND path < $high) ORDER BY sequence",
                ("$path", path.Value), ("$low", low), ("$high", high)).ExecuteReader();
            while (reader.Read()) found.Add(ToJournalEntry(new DbReaderRow(reader)));
            return found;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> ClaimAsync(VPath path, long sequence, string? sent, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(path, s => s.Execute("UPDATE journal SET state = 1, sent = $sent WHERE path = $path AND sequence = $sequence",
            ("$path", path.Value), ("$sequence", sequence), ("$sent", sent)) > 0, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<bool> CompleteAsync(VPath path, long sequence, OriginVersion result, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var completed = await _db.WriteAsync(path, s =>
        {
            if (ReadRow(s, path) is not { } row) return false;
            if (row.Sequence != sequence)
            {
                s.Execute("""
                    UPDATE journal SET base_known = $known, base_kind = $kind, base_etag = $etag, base_mtime = $mtime, sent = NULL,
                        state = CASE state WHEN 1 THEN 0 ELSE state END
                    WHERE path = $path
                    """, [("$path", path.Value), .. BaseParameters(result)]);
                return false;
            }
            s.Execute("DELETE FROM journal WHERE path = $path", ("$path", path.Value));
            if (row.Change == JournalChange.Write)
            {
                s.Execute("UPDATE cache_entries SET dirty = 0, origin_etag = $etag, origin_mtime = $mtime, validated_at = $validated WHERE path = $path AND kind = 0 AND dirty <> 0",
                    ("$path", path.Value), ("$etag", result.ETag), ("$mtime", result.ModifiedUtc?.UtcTicks), ("$validated", validatedUtc.UtcTicks));
            }
            else if (row.Change == JournalChange.Directory)
            {
                s.Execute("UPDATE cache_entries SET dirty = 0, validated_at = $validated WHERE path = $path AND kind = 1 AND dirty <> 0",
                    ("$path", path.Value), ("$validated", validatedUtc.UtcTicks));
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return completed;
    }

    /// <inheritdoc/>
    public async ValueTask SetStateAsync(VPath path, long sequence, JournalState state, string? reason, int attempts, DateTimeOffset notBeforeUtc, CancellationToken cancellationToken = default) =>
        await _db.WriteAsync(path, s =>
        {
            if (s.Execute("UPDATE journal SET state = $state, reason = $reason, attempts = $attempts, not_before = $notBefore WHERE path = $path AND sequence = $sequence",
                ("$path", path.Value), ("$sequence", sequence), ("$state", (int)state), ("$reason", reason), ("$attempts", attempts), ("$notBefore", notBeforeUtc.UtcTicks)) == 0)
            {
                // Changed while its upload ran: waiting again.
                s.Execute("UPDATE journal SET state = 0 WHERE path = $path AND state = 1", ("$path", path.Value));
            }
            return 0;
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public ValueTask<bool> ResolveAsync(VPath path, bool keepLocal, OriginVersion current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        return _db.WriteAsync(path, s =>
        {
            if (ReadRow(s, path) is null) return false;
            if (keepLocal)
            {
                s.Execute("""
                    UPDATE journal SET sequence = $sequence, base_known = $known, base_kind = $kind, base_etag = $etag, base_mtime = $mtime,
                        state = 0, reason = NULL, attempts = 0, not_before = $now, sent = NULL
                    WHERE path = $path
                    """, [("$path", path.Value), ("$sequence", NextSequence(s)), ("$now", NowTicks), .. BaseParameters(current)]);
                return true;
            }
            s.Execute("DELETE FROM journal WHERE path = $path", ("$path", path.Value));
            // The local side goes: a dirty file, or a directory made here (kept, clean, while copies are below it).
            s.Execute("""
                DELETE FROM cache_entries WHERE path = $path AND dirty <> 0
                    AND (kind = 0 OR NOT EXISTS (SELECT 1 FROM cache_entries c WHERE c.parent = $path))
                """, ("$path", path.Value));
            s.Execute("UPDATE cache_entries SET dirty = 0, validated_at = NULL WHERE path = $path AND dirty <> 0", ("$path", path.Value));
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryLeaseAsync(VPath root, string holder, DateTimeOffset nowUtc, DateTimeOffset untilUtc, Func<string, bool>? holderGone = null, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(root, s =>
        {
            if (s.Execute("""
                INSERT INTO journal_leases (root, holder, until) VALUES ($root, $holder, $until)
                ON CONFLICT (root) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE journal_leases.holder = excluded.holder OR journal_leases.until < $now
                """, ("$root", root.Value), ("$holder", holder), ("$until", untilUtc.UtcTicks), ("$now", nowUtc.UtcTicks)) > 0) return true;
            if (holderGone is null || s.Scalar("SELECT holder FROM journal_leases WHERE root = $root", ("$root", root.Value)) is not string other || !holderGone(other))
                return false;
            return s.Execute("UPDATE journal_leases SET holder = $holder, until = $until WHERE root = $root AND holder = $other",
                ("$root", root.Value), ("$holder", holder), ("$until", untilUtc.UtcTicks), ("$other", other)) > 0;
        }, cancellationToken, durable: false);

    /// <inheritdoc/>
    public async ValueTask ReleaseLeaseAsync(VPath root, string holder, CancellationToken cancellationToken = default) =>
        await _db.WriteAsync(root, s => s.Execute("DELETE FROM journal_leases WHERE root = $root AND holder = $holder",
            ("$root", root.Value), ("$holder", holder)), cancellationToken, durable: false).ConfigureAwait(false);

    /// <summary>
    /// What a change made now at the path is based on, in the caller's transaction, before the change: when its caller could
    /// not tell (the file was dirty, its row the base) and the row has gone since (its upload completed), the version of the
    /// clean copy.
    /// </summary>
    internal static OriginVersion BaseOf(DbSession s, VPath path, OriginVersion basedOn)
    {
        if (basedOn.Known || ReadRow(s, path) is not null) return basedOn;
        using var reader = s.Command("SELECT origin_etag, origin_mtime FROM cache_entries WHERE path = $path AND kind = 0 AND dirty = 0 AND (origin_etag IS NOT NULL OR origin_mtime IS NOT NULL)",
            ("$path", path.Value)).ExecuteReader();
        if (!reader.Read()) return basedOn;
        var row = new DbReaderRow(reader);
        return new OriginVersion(true, EntryKind.File, row.Text(0), row.IsNull(1) ? null : Utc(row.Int64(1)));
    }

    /// <summary>
    /// The path's row after a local change, in the caller's transaction: a new sequence, the base of the row there (else
    /// <paramref name="basedOn"/>), a conflict kept until resolved, an upload under way still marked; no row at all for a
    /// removal of what the origin never had, while nothing was sent there.
    /// </summary>
    internal static void Journal(DbSession s, VPath path, JournalChange change, OriginVersion basedOn, DateTimeOffset notBeforeUtc)
    {
        var kept = ReadRow(s, path);
        var basis = kept?.Base ?? basedOn;
        if (change == JournalChange.Remove && basis is { Known: true, Exists: false } && kept?.Sent is null && kept?.State != JournalState.Uploading)
        {
            s.Execute("DELETE FROM journal WHERE path = $path", ("$path", path.Value));
            return;
        }
        var state = kept?.State is JournalState.Conflict or JournalState.Uploading ? kept.State : JournalState.Pending;
        s.Execute($"""
            INSERT OR REPLACE INTO journal ({JournalColumns})
            VALUES ($path, $sequence, $change, $known, $kind, $etag, $mtime, $state, $reason, 0, $notBefore, $sent)
            """,
            [
                ("$path", path.Value), ("$sequence", NextSequence(s)), ("$change", (int)change), .. BaseParameters(basis),
                ("$state", (int)state), ("$reason", state == JournalState.Conflict ? kept!.Reason : null),
                ("$notBefore", notBeforeUtc.UtcTicks), ("$sent", kept?.Sent),
            ]);
    }

    private static long NextSequence(DbSession s) => s.ScalarInt64("UPDATE journal_sequence SET last = last + 1 WHERE id = 1 RETURNING last")!.Value;

    private static JournalEntry? ReadRow(DbSession s, VPath path)
    {
        using var reader = s.Command($"SELECT {JournalColumns} FROM journal WHERE path = $path", ("$path", path.Value)).ExecuteReader();
        return reader.Read() ? ToJournalEntry(new DbReaderRow(reader)) : null;
    }

    private static (string, object?)[] BaseParameters(OriginVersion version) =>
    [
        ("$known", version.Known ? 1 : 0),
        ("$kind", version.Kind is { } kind ? (int)kind : null),
        ("$etag", version.ETag),
        ("$mtime", version.ModifiedUtc?.UtcTicks),
    ];

    private static JournalEntry ToJournalEntry<TRow>(TRow row) where TRow : IDbRow => new(
        VPath.Parse(row.Text(0)!),
        row.Int64(1),
        (JournalChange)row.Int64(2),
        new OriginVersion(row.Int64(3) != 0, row.IsNull(4) ? null : (EntryKind)row.Int64(4), row.Text(5), row.IsNull(6) ? null : Utc(row.Int64(6))),
        (JournalState)row.Int64(7),
        row.Text(8),
        (int)row.Int64(9),
        Utc(row.Int64(10)),
        row.Text(11));
}

/// <summary>What a local write of a write-back element records beside its content: the base of its journal row and when it may be uploaded.</summary>
internal sealed record LocalChange(OriginVersion BasedOn, DateTimeOffset NotBeforeUtc, VPath? Removing = null, OriginVersion? RemovingBase = null);
