using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Sqlite.Storage;

namespace Namespace.Sqlite;

// dbfs as a cache store: the cache owns its storage (schema v5). Its copies and their records are rows of cache_entries,
// never files of the tree a plain mount shows (entries); listings and counters have tables of their own too. Content lives
// in the contents and chunks both trees share. Every change is one transaction; changes here are no changes of the file
// tree, so watchers of the tree hear nothing of them.
public sealed partial class DbFileSystem : ICacheStore
{
    /// <inheritdoc/>
    public TimeProvider Clock => _time;

    /// <summary>
    /// At most this many reads (<see cref="TouchAsync"/>) wait in memory before they are written to the
    /// file in one transaction; they are also written a second after the first of them (at the next read) and
    /// on <see cref="DisposeAsync"/>. Records read through this instance always include them.
    /// </summary>
    public const int MaxPendingTouches = DbAccessLog.MaxPending;

    private readonly DbAccessLog _accessLog = new();

    /// <inheritdoc/>
    public ValueTask<CacheRecord?> GetRecordAsync(VPath path, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(path, s =>
        {
            using var reader = s.Command(Sql.ReadRecord, ("$path", path.Value)).ExecuteReader();
            return reader.Read() ? _accessLog.Merge(path, ToRecord(reader, 0)) : null;
        }, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>With <paramref name="checkNow"/> false the file is not read until the commit (a miss saves a read).</remarks>
    public async ValueTask<NsWriteStream> OpenFillAsync(VPath path, CacheRecord record, bool checkNow = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
        // Checked now to fail early, and again when the stream commits.
        if (checkNow) await _db.ReadAsync(path, s =>
        {
            CheckFill(s, path, makeParents: false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return new DbWriteStream(this, path, WriteMode.Replace, _options.ChunkSize, record);
    }

    /// <inheritdoc/>
    public async ValueTask SetRecordAsync(VPath path, CacheRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _db.WriteAsync(path, s =>
        {
            switch (CacheKindOf(s, path))
            {
                case null when record.Kind == EntryKind.Directory:
                    MakeCacheDirectories(s, path);
                    break;
                case null:
                    throw NsErrors.NotFound(path);
                case FileKind when record.Kind == EntryKind.Directory:
                    throw NsErrors.NotADirectory(path);
                case DirKind when record.Kind == EntryKind.File:
                    throw NsErrors.IsADirectory(path);
            }
            WriteRecord(s, path, record);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        _accessLog.Forget(path, below: false);
    }

    /// <inheritdoc/>
    /// <remarks>One statement: the row is compared and changed in one step. The reads waiting in memory stay, for they are not compared.</remarks>
    public async ValueTask<bool> MarkValidatedAsync(VPath path, CacheRecord held, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(held);
        var marked = await _db.WriteAsync(path, s => s.Execute(Sql.MarkValidated,
            ("$path", path.Value), ("$kind", FileKind), ("$size", held.Size), ("$originEtag", held.OriginETag),
            ("$originMtime", held.OriginModifiedUtc?.UtcTicks), ("$heldValidated", held.ValidatedUtc?.UtcTicks),
            ("$stored", held.StoredUtc.UtcTicks), ("$dirty", held.Dirty ? 1 : 0), ("$validated", validatedUtc.UtcTicks)), cancellationToken).ConfigureAwait(false);
        return marked > 0;
    }

    /// <inheritdoc/>
    /// <remarks>Reads wait in memory and are written in batches (see <see cref="MaxPendingTouches"/>).</remarks>
    public async ValueTask TouchAsync(VPath path, DateTimeOffset when, CancellationToken cancellationToken = default)
    {
        if (_accessLog.Add(path, when.UtcTicks)) await FlushTouchesAsync(cancellationToken).ConfigureAwait(false);
    }

    // Writes the waiting reads in one transaction; if that fails they wait for the next attempt.
    private async ValueTask FlushTouchesAsync(CancellationToken cancellationToken)
    {
        var taken = _accessLog.TakeAll();
        if (taken.Count == 0) return;
        try
        {
            await _db.WriteAsync(VPath.Root, s =>
            {
                foreach (var (path, p) in taken)
                    s.Execute(Sql.TouchRecord, ("$path", path), ("$when", p.LastAccess), ("$count", p.Count));
                return 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _accessLog.Restore(taken);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> DropAsync(VPath path, DateTimeOffset? validatedBefore = null, bool keepPath = false, CancellationToken cancellationToken = default)
    {
        var removed = await _db.WriteAsync(path, s =>
        {
            var (low, high) = SubtreeBounds(path);
            (string, object?)[] range = [("$path", path.Value), ("$low", low), ("$high", high), ("$before", validatedBefore?.UtcTicks), ("$keep", keepPath ? path.Value : null)];
            s.Execute(Sql.DropListings, range);
            var paths = new List<string>();
            using (var reader = s.Command(Sql.DropFiles, range).ExecuteReader())
            {
                while (reader.Read()) paths.Add(reader.GetString(0));
            }
            var directories = new List<string>();
            using (var reader = s.Command(Sql.DroppableDirectories, range).ExecuteReader())
            {
                while (reader.Read()) directories.Add(reader.GetString(0));
            }
            foreach (var dir in directories)
            {
                if (s.Execute(Sql.DropEmptyDirectory, ("$path", dir)) > 0) paths.Add(dir);
            }
            DbConnections.Reclaim(s);
            return paths;
        }, cancellationToken).ConfigureAwait(false);
        _accessLog.Forget(path, below: true);
        return removed.Count;
    }

    /// <inheritdoc/>
    public async ValueTask<CacheUsage> EvictAsync(IReadOnlyList<VPath> files, CancellationToken cancellationToken = default)
    {
        if (files.Count == 0) return default;
        // One transaction without fsync (as fills commit): an eviction lost to a power cut leaves copies to evict again.
        var removed = await _db.WriteAsync(files[0], s =>
        {
            var gone = new List<(VPath Path, long Size)>();
            foreach (var path in files)
            {
                if (s.ScalarInt64(Sql.EvictFile, ("$path", path.Value)) is { } size) gone.Add((path, size));
            }
            DbConnections.Reclaim(s);
            return gone;
        }, cancellationToken, durable: false).ConfigureAwait(false);
        foreach (var (path, _) in removed) _accessLog.Forget(path, below: false);
        return new CacheUsage(removed.Count, removed.Sum(r => r.Size));
    }

    /// <inheritdoc/>
    public ValueTask<CacheListing?> GetListingAsync(VPath path, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(path, s =>
        {
            using var reader = s.Command(Sql.ReadListing, ("$path", path.Value)).ExecuteReader();
            if (!reader.Read()) return null;
            var validated = Utc(reader.GetInt64(0));
            var entries = new List<NsEntry>();
            if (!reader.IsDBNull(1))
            {
                do entries.Add(ToEntry(reader.GetString(1), reader, 2));
                while (reader.Read());
            }
            return new CacheListing(validated, entries);
        }, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Asked by every miss under a listed directory: one statement (its own snapshot), no transaction around it.</remarks>
    public async ValueTask<CacheListed?> GetListedAsync(VPath directory, string name, CancellationToken cancellationToken = default)
    {
        var (session, listed) = await _db.BeginReadAsync(directory, s =>
        {
            var row = s.Statement(Sql.ReadListed);
            try
            {
                row.Bind("$path", directory.Value);
                row.Bind("$name", name);
                if (!row.Step()) return default(CacheListed?);
                return new CacheListed(Utc(row.Int64(0)), row.Text(1) is { } found ? ToEntry(found, row, 2) : null);
            }
            finally
            {
                row.Reset();
            }
        }, cancellationToken, begin: false).ConfigureAwait(false);
        _db.Return(session);
        return listed;
    }

    /// <inheritdoc/>
    public async ValueTask SetListingAsync(VPath path, CacheListing listing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listing);
        await _db.WriteAsync(path, s =>
        {
            s.Execute(Sql.DropListing, ("$path", path.Value));
            s.Execute(Sql.InsertListing, ("$path", path.Value), ("$validated", listing.ValidatedUtc.UtcTicks));
            foreach (var e in listing.Entries)
            {
                s.Execute(Sql.InsertListingEntry, ("$path", path.Value), ("$name", e.Name),
                    ("$kind", e.Kind == EntryKind.Directory ? DirKind : FileKind), ("$size", e.Size), ("$mode", (int)e.Mode),
                    ("$mtime", e.ModifiedUtc.UtcTicks), ("$etag", e.ETag));
            }
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DropListingAsync(VPath path, CancellationToken cancellationToken = default) =>
        await _db.WriteAsync(path, s => s.Execute(Sql.DropListing, ("$path", path.Value)), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async IAsyncEnumerable<CacheRecordEntry> ScanAsync(VPath path, bool recursive, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (low, high) = SubtreeBounds(path);
        var (session, reader) = await _db.BeginReadAsync(path, s => recursive
            ? s.Command(Sql.ScanTree, ("$low", low), ("$high", high)).ExecuteReader()
            : s.Command(Sql.ScanChildren, ("$path", path.Value)).ExecuteReader(), cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = _db.Guard(path, () => reader.Read() ? Entry(VPath.Parse(reader.GetString(0)), ToRecord(reader, 1)) : (CacheRecordEntry?)null);
                if (entry is null) yield break;
                yield return entry.Value;
            }
        }
        finally
        {
            reader.Dispose();
            _db.Return(session);
        }
    }

    /// <inheritdoc/>
    public ValueTask<CacheUsage> MeasureAsync(VPath path, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(path, s =>
        {
            var (low, high) = SubtreeBounds(path);
            using var reader = path.IsRoot
                ? s.Command(Sql.Measure).ExecuteReader()
                : s.Command(Sql.MeasureTree, ("$path", path.Value), ("$low", low), ("$high", high)).ExecuteReader();
            reader.Read();
            return new CacheUsage(reader.GetInt64(0), reader.GetInt64(1));
        }, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<CacheCounters> ReadCountersAsync(VPath root, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(root, s =>
        {
            using var reader = s.Command(Sql.ReadCounters, ("$root", root.Value)).ExecuteReader();
            if (!reader.Read()) return default;
            return new CacheCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
        }, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask AddCountersAsync(IReadOnlyDictionary<VPath, CacheCounters> deltas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        if (deltas.Values.All(d => d.IsZero)) return;
        await _db.WriteAsync(VPath.Root, s =>
        {
            foreach (var (root, delta) in deltas)
            {
                if (delta.IsZero) continue;
                s.Execute(Sql.AddCounters, ("$root", root.Value),
                    ("$hits", delta.Hits), ("$misses", delta.Misses), ("$revalidations", delta.Revalidations), ("$evictions", delta.Evictions),
                    ("$errors", delta.Errors), ("$fetched", delta.BytesFetched), ("$served", delta.BytesServed));
            }
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many entries hold changes not yet written to their origin.</summary>
    /// <exception cref="NamespaceException">Unavailable when the database fails.</exception>
    public ValueTask<long> CountDirtyAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync(VPath.Root, s => s.ScalarInt64(Sql.CountDirty)!.Value, cancellationToken);

    /// <summary>
    /// What would stop a fill at <paramref name="path"/> among the cache's copies: a file where a parent should be, a
    /// directory or a dirty file at the path. With <paramref name="makeParents"/> (at commit, in the write transaction)
    /// missing parents are made. Returns the kind of entry now at the path (null: none).
    /// </summary>
    internal int? CheckFill(DbSession s, VPath path, bool makeParents)
    {
        int? parentKind, kind;
        bool dirty;
        var target = s.Statement(Sql.FillTarget);
        try
        {
            target.Bind("$parent", path.Parent.Value);
            target.Bind("$path", path.Value);
            target.Step();
            parentKind = target.IsNull(0) ? null : (int)target.Int64(0);
            kind = target.IsNull(1) ? null : (int)target.Int64(1);
            dirty = !target.IsNull(2) && target.Int64(2) != 0;
        }
        finally
        {
            target.Reset();
        }
        switch (parentKind)
        {
            case null when makeParents:
                MakeCacheDirectories(s, path.Parent);
                break;
            case null:
                // Not there yet; a file further up would still stop the fill.
                for (var p = path.Parent.Parent; ; p = p.Parent)
                {
                    var above = CacheKindOf(s, p);
                    if (above == FileKind) throw NsErrors.NotADirectory(p);
                    if (above == DirKind) break;
                }
                return null;
            case FileKind:
                throw NsErrors.NotADirectory(path.Parent);
        }
        if (kind == DirKind) throw NsErrors.IsADirectory(path);
        if (kind == FileKind && dirty) throw NsErrors.Conflict(path, "holds local changes not yet written to the origin");
        return kind;
    }

    /// <summary>
    /// What would stop a local write at <paramref name="path"/> (a directory there, a file where a parent should be), in
    /// the commit transaction; missing parents are made. Local content replaces a copy or earlier local content alike.
    /// Returns the kind of entry now at the path (null: none).
    /// </summary>
    internal int? CheckLocalWrite(DbSession s, VPath path)
    {
        MakeCacheDirectories(s, path.Parent);
        var kind = CacheKindOf(s, path);
        if (kind == DirKind) throw NsErrors.IsADirectory(path);
        return kind;
    }

    internal static int? CacheKindOf(DbSession s, VPath path) => (int?)s.ScalarInt64(Sql.CacheKind, ("$path", path.Value));

    internal static void WriteRecord(DbSession s, VPath path, CacheRecord record) =>
        s.Execute(Sql.WriteRecord, [("$path", path.Value), .. RecordParameters(record)]);

    // A fill's copy and its record in one row: a new one (Sql.InsertFill), or over the copy there (Sql.UpdateFill).
    internal static void CommitFill(DbSession s, VPath path, bool replacing, long size, long content, CacheRecord record) =>
        s.Execute(replacing ? Sql.UpdateFill : Sql.InsertFill,
        [
            ("$path", path.Value), ("$parent", path.Parent.Value), ("$name", path.Name), ("$size", size), ("$content", content),
            .. RecordParameters(record),
        ]);

    // A record's columns as the parameters of Sql.WriteRecord, Sql.InsertFill and Sql.UpdateFill.
    private static (string, object?)[] RecordParameters(CacheRecord record) =>
    [
        ("$originEtag", record.OriginETag),
        ("$originMtime", record.OriginModifiedUtc?.UtcTicks),
        ("$validated", record.ValidatedUtc?.UtcTicks),
        ("$stored", record.StoredUtc.UtcTicks),
        ("$access", record.LastAccessUtc.UtcTicks),
        ("$count", record.AccessCount),
        ("$dirty", record.Dirty ? 1 : 0),
    ];

    // Makes the cache's directory at path and its missing parents (never validated: they are no copies).
    private void MakeCacheDirectories(DbSession s, VPath path)
    {
        var missing = new Stack<VPath>();
        for (var p = path; ; p = p.Parent)
        {
            var kind = CacheKindOf(s, p);
            if (kind == FileKind) throw NsErrors.NotADirectory(p);
            if (kind == DirKind) break;
            missing.Push(p);
        }
        var now = NowTicks;
        foreach (var dir in missing)
            s.Execute(Sql.InsertCacheDirectory, ("$path", dir.Value), ("$parent", dir.Parent.Value), ("$name", dir.Name), ("$now", now));
    }

    private CacheRecordEntry Entry(VPath path, CacheRecord record) => new(path, _accessLog.Merge(path, record));

    // A record replaced or removed takes the reads still waiting for it along.
    internal void ForgetTouches(VPath path, bool below) => _accessLog.Forget(path, below);

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    private static CacheRecord ToRecord(SqliteDataReader reader, int first) => ToRecord(new DbReaderRow(reader), first);

    // Sql.RecordColumns from the column first on.
    private static CacheRecord ToRecord<TRow>(TRow row, int first) where TRow : IDbRow => new(
        row.Int64(first) == DirKind ? EntryKind.Directory : EntryKind.File,
        row.Int64(first + 1),
        row.Text(first + 2),
        row.IsNull(first + 3) ? null : Utc(row.Int64(first + 3)),
        row.IsNull(first + 4) ? null : Utc(row.Int64(first + 4)),
        Utc(row.Int64(first + 5)),
        Utc(row.Int64(first + 6)),
        row.Int64(first + 7),
        row.Int64(first + 8) != 0,
        row.Int64(first + 9) != 0);
}
