namespace Namespace.Sqlite.Storage;

/// <summary>The statements dbfs runs, in one place so the schema and its uses can be read side by side.</summary>
internal static class Sql
{
    public const string Stat = "SELECT kind, size, mode, mtime, etag FROM entries WHERE path = $path";

    public const string Kind = "SELECT kind FROM entries WHERE path = $path";

    // What a fill finds where it lands among the cache's copies, in one step: the parent's kind, the path's kind and whether
    // it is dirty (nulls: absent). The aggregate gives one row whether or not the path is there, from one lookup of it.
    public const string FillTarget = """
        SELECT (SELECT kind FROM cache_entries WHERE path = $parent), max(kind), max(dirty) FROM cache_entries WHERE path = $path
        """;

    public const string CacheKind = "SELECT kind FROM cache_entries WHERE path = $path";

    // One range of the (parent, name) index, already in ordinal order (the file's text is UTF-16BE).
    public const string List = "SELECT name, kind, size, mode, mtime, etag FROM entries WHERE parent = $parent ORDER BY name";

    public const string HasChildren = "SELECT 1 FROM entries WHERE parent = $path LIMIT 1";

    public const string OpenContent = """
        SELECT e.kind, e.content_id, c.size, c.chunk_size
        FROM entries e LEFT JOIN contents c ON c.id = e.content_id
        WHERE e.path = $path
        """;

    // The version of a file an append continues, and its content.
    public const string AppendBase = """
        SELECT e.kind, e.etag, e.content_id, c.size, c.chunk_size
        FROM entries e LEFT JOIN contents c ON c.id = e.content_id
        WHERE e.path = $path
        """;

    // A file's record (RecordColumns' order), its content and the row of its first chunk, in one query: the warm-read path.
    // The content of one chunk of at most 64 KiB (DbFileSystem.MaxReadWhole) comes along, so the file is read in this step.
    public const string OpenCached = """
        SELECT e.kind, e.size, e.origin_etag, e.origin_mtime, e.validated_at, e.stored_at, e.last_access, e.access_count, e.dirty,
               e.held IS NOT NULL, e.content_id, c.size, c.chunk_size, k.rowid,
               CASE WHEN c.size <= 65536 AND c.size <= c.chunk_size THEN k.data END
        FROM cache_entries e
        JOIN contents c ON c.id = e.content_id
        LEFT JOIN chunks k ON k.content_id = e.content_id AND k.seq = 0
        WHERE e.path = $path
        """;

    public const string InsertDirectory = """
        INSERT INTO entries (path, parent, name, kind, size, mode, mtime, stored_at, last_access)
        VALUES ($path, $parent, $name, 1, 0, $mode, $now, $now, $now)
        """;

    public const string InsertFile = """
        INSERT INTO entries (path, parent, name, kind, size, mode, mtime, etag, content_id, stored_at, last_access)
        VALUES ($path, $parent, $name, 0, $size, $mode, $now, $etag, $content, $now, $now)
        """;

    // A fill's new copy, its record (see WriteRecord) written with it.
    public const string InsertFill = """
        INSERT INTO cache_entries (path, parent, name, kind, size, content_id,
            origin_etag, origin_mtime, validated_at, stored_at, last_access, access_count, dirty)
        VALUES ($path, $parent, $name, 0, $size, $content,
            $originEtag, $originMtime, $validated, $stored, $access, $count, $dirty)
        """;

    // A fill over a copy: the new content and record in one row (the old content goes by the trigger); a whole copy.
    public const string UpdateFill = """
        UPDATE cache_entries SET size = $size, content_id = $content, held = NULL, origin_etag = $originEtag, origin_mtime = $originMtime,
            validated_at = $validated, stored_at = $stored, last_access = $access, access_count = $count, dirty = $dirty
        WHERE path = $path
        """;

    // A directory of the cache's, made to hold a copy: never validated.
    public const string InsertCacheDirectory = """
        INSERT INTO cache_entries (path, parent, name, kind, size, stored_at, last_access) VALUES ($path, $parent, $name, 1, 0, $now, $now)
        """;

    // New local content is no longer the origin's copy: never validated. The origin fields (the base of a
    // write-back upload) and dirty stay; a fill writes its record right after, in the same transaction.
    public const string UpdateFile = """
        UPDATE entries SET size = $size, mtime = $now, etag = $etag, content_id = $content, validated_at = NULL, stored_at = $now
        WHERE path = $path
        """;

    public const string Touch = "UPDATE entries SET mtime = $now WHERE path = $path";

    // Triggers drop the content of every file removed; chunks go with their content (ON DELETE CASCADE).
    public const string DeleteTree = "DELETE FROM entries WHERE path = $path OR (path > $low AND path < $high)";

    public const string DeleteOne = "DELETE FROM entries WHERE path = $path";

    // Every value on the right is the row's old one, so path and parent move together in one statement.
    public const string MoveTree = """
        UPDATE entries SET
            path = CASE WHEN path = $from THEN $to ELSE $to || substr(path, length($from) + 1) END,
            parent = CASE WHEN path = $from THEN $toParent ELSE $to || substr(parent, length($from) + 1) END,
            name = CASE WHEN path = $from THEN $toName ELSE name END
        WHERE path = $from OR (path > $low AND path < $high)
        """;

    // The columns of a CacheRecord, in ReadRecord's order (DbFileSystem.ToRecord reads them).
    public const string RecordColumns = "kind, size, origin_etag, origin_mtime, validated_at, stored_at, last_access, access_count, dirty, held IS NOT NULL";

    public const string ReadRecord = "SELECT " + RecordColumns + " FROM cache_entries WHERE path = $path";

    public const string WriteRecord = """
        UPDATE cache_entries SET origin_etag = $originEtag, origin_mtime = $originMtime, validated_at = $validated,
            stored_at = $stored, last_access = $access, access_count = $count, dirty = $dirty
        WHERE path = $path
        """;

    // A revalidation, if the row still holds the copy the origin confirmed (ReadRecord's columns, reads noted since aside).
    public const string MarkValidated = """
        UPDATE cache_entries SET validated_at = $validated
        WHERE path = $path AND kind = $kind AND size = $size AND origin_etag IS $originEtag AND origin_mtime IS $originMtime
            AND validated_at IS $heldValidated AND stored_at = $stored AND dirty = $dirty
        """;

    public const string TouchRecord = "UPDATE cache_entries SET last_access = max(last_access, $when), access_count = access_count + $count WHERE path = $path";

    // One range of the (parent, name) index.
    public const string ScanChildren = "SELECT path, " + RecordColumns + " FROM cache_entries WHERE parent = $path";

    // One range of the primary key (see DbFileSystem.SubtreeBounds).
    public const string ScanTree = "SELECT path, " + RecordColumns + " FROM cache_entries WHERE path > $low AND path < $high";

    // Answered from the partial index cache_entries_file_sizes alone. A ranged copy counts the bytes it holds.
    public const string Measure = "SELECT count(*), coalesce(sum(coalesce(held, size)), 0) FROM cache_entries WHERE kind = 0";

    // What one cache element bound below the root holds: one range of the primary key.
    public const string MeasureTree = "SELECT count(*), coalesce(sum(coalesce(held, size)), 0) FROM cache_entries WHERE kind = 0 AND (path = $path OR (path > $low AND path < $high))";

    // Entries never validated count as validated long ago; $before NULL spares nothing.
    private const string Droppable = """
        (path = $path OR (path > $low AND path < $high)) AND path <> '/' AND dirty = 0
        AND ($before IS NULL OR validated_at IS NULL OR validated_at < $before)
        """;

    public const string DropFiles = "DELETE FROM cache_entries WHERE kind = 0 AND " + Droppable + " RETURNING path";

    // Deepest first (a descendant sorts after its ancestor), so a directory emptied by the drop goes too.
    // $keep (or NULL): a directory emptied but kept.
    public const string DroppableDirectories = "SELECT path FROM cache_entries WHERE kind = 1 AND path IS NOT $keep AND " + Droppable + " ORDER BY path DESC";

    // One clean file, for eviction (its content goes by the trigger); the bytes it held, or no row.
    public const string EvictFile = "DELETE FROM cache_entries WHERE path = $path AND kind = 0 AND dirty = 0 RETURNING coalesce(held, size)";

    public const string DropEmptyDirectory = "DELETE FROM cache_entries WHERE path = $path AND NOT EXISTS (SELECT 1 FROM cache_entries WHERE parent = $path)";

    public const string DropListings = """
        DELETE FROM listings WHERE (dir = $path OR (dir > $low AND dir < $high))
        AND ($before IS NULL OR validated_at < $before)
        """;

    public const string DropListing = "DELETE FROM listings WHERE dir = $path";

    // One query over two primary keys: the listing row and its entries, in ordinal order (NULL name: empty listing).
    public const string ReadListing = """
        SELECT l.validated_at, e.name, e.kind, e.size, e.mode, e.mtime, e.etag
        FROM listings l LEFT JOIN listing_entries e ON e.dir = l.dir
        WHERE l.dir = $path
        ORDER BY e.name
        """;

    // One name of a listing: two primary-key lookups however long the listing.
    public const string ReadListed = """
        SELECT l.validated_at, e.name, e.kind, e.size, e.mode, e.mtime, e.etag
        FROM listings l LEFT JOIN listing_entries e ON e.dir = l.dir AND e.name = $name
        WHERE l.dir = $path
        """;

    public const string InsertListing = "INSERT INTO listings (dir, validated_at) VALUES ($path, $validated)";

    public const string InsertListingEntry = """
        INSERT INTO listing_entries (dir, name, kind, size, mode, mtime, etag)
        VALUES ($path, $name, $kind, $size, $mode, $mtime, $etag)
        """;

    public const string ReadCounters = "SELECT hits, misses, revalidations, evictions, errors, bytes_fetched, bytes_served FROM element_counters WHERE root = $root";

    public const string AddCounters = """
        INSERT INTO element_counters (root, hits, misses, revalidations, evictions, errors, bytes_fetched, bytes_served)
        VALUES ($root, $hits, $misses, $revalidations, $evictions, $errors, $fetched, $served)
        ON CONFLICT (root) DO UPDATE SET hits = hits + excluded.hits, misses = misses + excluded.misses,
            revalidations = revalidations + excluded.revalidations, evictions = evictions + excluded.evictions,
            errors = errors + excluded.errors, bytes_fetched = bytes_fetched + excluded.bytes_fetched,
            bytes_served = bytes_served + excluded.bytes_served
        """;

    // A ranged copy: its row (kind, version, dirty, content, bytes held; no row: nothing there).
    public const string RangedTarget = """
        SELECT kind, size, origin_etag, origin_mtime, dirty, content_id, held FROM cache_entries WHERE path = $path
        """;

    // A new ranged copy's row, or one over the copy there (the old content goes by the trigger): nothing held yet.
    public const string InsertRanged = """
        INSERT INTO cache_entries (path, parent, name, kind, size, content_id, held,
            origin_etag, origin_mtime, validated_at, stored_at, last_access, access_count, dirty)
        VALUES ($path, $parent, $name, 0, $size, $content, 0,
            $originEtag, $originMtime, $validated, $stored, $access, $count, $dirty)
        ON CONFLICT (path) DO UPDATE SET size = excluded.size, content_id = excluded.content_id, held = 0,
            origin_etag = excluded.origin_etag, origin_mtime = excluded.origin_mtime, validated_at = excluded.validated_at,
            stored_at = excluded.stored_at, last_access = excluded.last_access, access_count = excluded.access_count, dirty = excluded.dirty
        """;

    public const string InsertChunkIfMissing = "INSERT OR IGNORE INTO chunks (content_id, seq, data) VALUES ($content, $seq, $data)";

    // Bytes added to a ranged copy; once every chunk is there it is whole (held NULL).
    public const string AddHeld = """
        UPDATE cache_entries SET held = CASE WHEN held + $bytes >= size THEN NULL ELSE held + $bytes END WHERE path = $path
        """;

    public const string ContentChunkSize = "SELECT chunk_size FROM contents WHERE id = $content";

    public const string ChunkSeqs = "SELECT seq, length(data) FROM chunks WHERE content_id = $content ORDER BY seq";

    // The chunk of a copy of one version at a position: its row and length (no row: not held, or another version).
    public const string RangedChunk = """
        SELECT k.rowid, length(k.data), c.chunk_size, e.size
        FROM cache_entries e JOIN contents c ON c.id = e.content_id
        JOIN chunks k ON k.content_id = e.content_id AND k.seq = $offset / c.chunk_size
        WHERE e.path = $path AND e.kind = 0 AND e.size = $size AND e.origin_etag IS $originEtag AND e.origin_mtime IS $originMtime
        """;

    public const string CountDirty = "SELECT count(*) FROM cache_entries WHERE dirty <> 0";

    // The inserts of a content or chunk row are run with DbSession.Insert, which says the rowid they made.
    public const string NewContent = "INSERT INTO contents (size, chunk_size, staged_at) VALUES (0, $chunkSize, $now)";

    // Content written whole in one transaction: never staged.
    public const string InsertContent = "INSERT INTO contents (size, chunk_size) VALUES ($size, $chunkSize)";

    // A small chunk with its bytes bound directly: cheaper than opening a blob handle (which compiles a statement).
    public const string InsertChunkData = "INSERT INTO chunks (content_id, seq, data) VALUES ($content, $seq, $data)";

    public const string InsertChunk = "INSERT INTO chunks (content_id, seq, data) VALUES ($content, $seq, zeroblob($length))";

    public const string ChunkRow = "SELECT rowid FROM chunks WHERE content_id = $content AND seq = $seq";

    public const string CopyChunks = """
        INSERT INTO chunks (content_id, seq, data)
        SELECT $content, seq, data FROM chunks WHERE content_id = $from AND seq < $count
        """;

    // Staged content carries a heartbeat; zero rows changed means the content is gone (expired and swept).
    public const string TouchStaged = "UPDATE contents SET staged_at = $now WHERE id = $content AND staged_at IS NOT NULL";

    public const string FinishContent = "UPDATE contents SET size = $size, staged_at = NULL WHERE id = $content AND staged_at IS NOT NULL";

    public const string DropStaged = "DELETE FROM contents WHERE id = $content AND staged_at IS NOT NULL";

    public const string SweepStaged = "DELETE FROM contents WHERE staged_at IS NOT NULL AND staged_at < $cutoff";
}
