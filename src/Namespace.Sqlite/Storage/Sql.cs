namespace Namespace.Sqlite.Storage;

/// <summary>The statements dbfs runs, in one place so the schema and its uses can be read side by side.</summary>
internal static class Sql
{
    public const string Stat = "SELECT kind, size, mode, mtime, etag FROM entries WHERE path = $path";

    public const string Kind = "SELECT kind FROM entries WHERE path = $path";

    // One range of the (parent, name) index, already in ordinal order (the file's text is UTF-16BE).
    public const string List = "SELECT name, kind, size, mode, mtime, etag FROM entries WHERE parent = $parent ORDER BY name";

    public const string HasChildren = "SELECT 1 FROM entries WHERE parent = $path LIMIT 1";

    public const string OpenContent = """
        SELECT e.kind, e.content_id, c.size, c.chunk_size
        FROM entries e LEFT JOIN contents c ON c.id = e.content_id
        WHERE e.path = $path
        """;

    public const string InsertDirectory = """
        INSERT INTO entries (path, parent, name, kind, size, mode, mtime)
        VALUES ($path, $parent, $name, 1, 0, $mode, $now)
        """;

    public const string InsertFile = """
        INSERT INTO entries (path, parent, name, kind, size, mode, mtime, etag, content_id)
        VALUES ($path, $parent, $name, 0, $size, $mode, $now, $etag, $content)
        """;

    public const string UpdateFile = "UPDATE entries SET size = $size, mtime = $now, etag = $etag, content_id = $content WHERE path = $path";

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

    public const string ReadMetadata = "SELECT origin_etag, origin_size, origin_mtime, validated_at, dirty FROM entries WHERE path = $path";

    public const string WriteMetadata = """
        UPDATE entries SET origin_etag = $etag, origin_size = $size, origin_mtime = $mtime, validated_at = $validated, dirty = $dirty
        WHERE path = $path
        """;

    public const string CountDirty = "SELECT count(*) FROM entries WHERE dirty <> 0";

    public const string NewContent = "INSERT INTO contents (size, chunk_size, staged_at) VALUES (0, $chunkSize, $now) RETURNING id";

    public const string InsertChunk = "INSERT INTO chunks (content_id, seq, data) VALUES ($content, $seq, zeroblob($length)) RETURNING rowid";

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
