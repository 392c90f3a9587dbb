namespace Namespace.Sqlite.Storage;

/// <summary>
/// The database layout and its history. <c>PRAGMA user_version</c> holds the version of the schema a
/// file has; <c>PRAGMA application_id</c> marks the file as a dbfs database. Opening a file runs, in one
/// write transaction, every migration above its version, so a file made by any earlier version opens.
/// A migration, once released, never changes: later needs get a new one.
/// </summary>
internal static class DbSchema
{
    /// <summary><c>PRAGMA application_id</c> of a dbfs file: "nsdb" in ASCII.</summary>
    public const int ApplicationId = 0x6E736462;

    /// <summary>The schema version this code reads and writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Migrations[i] takes a file from version i to version i + 1.</summary>
    public static readonly string[] Migrations =
    [
        // 1: the file tree. Entries are keyed by path and indexed by (parent, name), so stat is one
        // primary-key lookup and a listing one range of the parent index. File content lives in `contents`,
        // cut into `chunks` (rows with a rowid, for incremental blob I/O); a content row is written while
        // "staged" (staged_at set, referenced by no entry) and becomes a file's content in one transaction.
        """
        CREATE TABLE contents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            size INTEGER NOT NULL DEFAULT 0,
            chunk_size INTEGER NOT NULL CHECK (chunk_size > 0),
            staged_at INTEGER
        );
        CREATE INDEX contents_staged ON contents(staged_at) WHERE staged_at IS NOT NULL;
        CREATE TABLE chunks (
            content_id INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            data BLOB NOT NULL,
            UNIQUE (content_id, seq)
        );
        CREATE TABLE entries (
            path TEXT NOT NULL PRIMARY KEY,
            parent TEXT REFERENCES entries(path),
            name TEXT NOT NULL,
            kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
            size INTEGER NOT NULL DEFAULT 0,
            mode INTEGER NOT NULL,
            mtime INTEGER NOT NULL,
            etag TEXT,
            content_id INTEGER REFERENCES contents(id),
            CHECK ((kind = 0) = (content_id IS NOT NULL))
        ) WITHOUT ROWID;
        CREATE INDEX entries_by_parent ON entries(parent, name);
        CREATE INDEX entries_by_content ON entries(content_id) WHERE content_id IS NOT NULL;
        CREATE TRIGGER entries_drop_content AFTER DELETE ON entries
        WHEN old.content_id IS NOT NULL
        BEGIN
            DELETE FROM contents WHERE id = old.content_id;
        END;
        CREATE TRIGGER entries_swap_content AFTER UPDATE OF content_id ON entries
        WHEN old.content_id IS NOT NULL AND old.content_id IS NOT new.content_id
        BEGIN
            DELETE FROM contents WHERE id = old.content_id;
        END;
        INSERT INTO entries (path, parent, name, kind, size, mode, mtime)
        VALUES ('/', NULL, '', 1, 0, 493, CAST(strftime('%s', 'now') AS INTEGER) * 10000000 + 621355968000000000);
        """,

        // 2: what a cache element knows about each entry's origin copy (see CacheRecord). The partial
        // index keeps "is anything dirty?" and the uploader's scan cheap however large the cache grows.
        """
        ALTER TABLE entries ADD COLUMN origin_etag TEXT;
        ALTER TABLE entries ADD COLUMN origin_size INTEGER;
        ALTER TABLE entries ADD COLUMN origin_mtime INTEGER;
        ALTER TABLE entries ADD COLUMN validated_at INTEGER;
        ALTER TABLE entries ADD COLUMN dirty INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1));
        CREATE INDEX entries_dirty ON entries(path) WHERE dirty <> 0;
        """,

        // 3: the rest of a cache element's state (see ICacheStore). Per entry, when its content was stored and
        // how it was read (for fifo, lru and lfu), starting from the modification time for entries made
        // earlier. Cached origin listings: one row per directory, its entries keyed by (dir, name) so a
        // listing is one range of a primary key, already in ordinal order; entries follow their listing on
        // delete and on rename (a directory's listings move with it). The element's counters: one row. The
        // partial index on file sizes lets count and sum of the cached files skip directories and content.
        """
        ALTER TABLE entries ADD COLUMN stored_at INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE entries ADD COLUMN last_access INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE entries ADD COLUMN access_count INTEGER NOT NULL DEFAULT 0;
        UPDATE entries SET stored_at = mtime, last_access = mtime;
        CREATE INDEX entries_file_sizes ON entries(size) WHERE kind = 0;
        CREATE TABLE listings (
            dir TEXT NOT NULL PRIMARY KEY,
            validated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE listing_entries (
            dir TEXT NOT NULL REFERENCES listings(dir) ON DELETE CASCADE ON UPDATE CASCADE,
            name TEXT NOT NULL,
            kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
            size INTEGER NOT NULL,
            mode INTEGER NOT NULL,
            mtime INTEGER NOT NULL,
            etag TEXT,
            PRIMARY KEY (dir, name)
        ) WITHOUT ROWID;
        CREATE TABLE counters (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            hits INTEGER NOT NULL DEFAULT 0,
            misses INTEGER NOT NULL DEFAULT 0,
            revalidations INTEGER NOT NULL DEFAULT 0,
            evictions INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            bytes_fetched INTEGER NOT NULL DEFAULT 0,
            bytes_served INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO counters (id) VALUES (1);
        """,

        // 4: the files no cache put there (written through dbfs itself: never validated, not dirty), so a cache element
        // mounted on a database can be refused cheaply when it holds such a file, however many copies it keeps.
        """
        CREATE INDEX entries_local ON entries(path) WHERE kind = 0 AND validated_at IS NULL AND dirty = 0;
        """,

        // 5: a cache owns its storage. Its copies and their records leave the file tree for a table of their own, keyed by
        // the path a cache element keeps them at (its root in this database joined with the path in the union), so a plain
        // mount of the database sees only the user's files and a cache never sees them. Content stays in `contents` and
        // `chunks`, shared by both trees. What moves: every file a cache put there (validated, or dirty), every directory a
        // cache validated, and the directories leading to them (copied: the user's tree keeps its directories). A file a
        // user wrote over a copy was never validated since, so it stays the user's. The content triggers are dropped while
        // the moved rows leave `entries`, so their content stays with them; a directory left behind holds no pending change. Every
        // foreign key's child column leads an index, so deleting a content row never scans a table. Listings and counters
        // were the cache's already.
        """
        CREATE TABLE cache_entries (
            path TEXT NOT NULL PRIMARY KEY,
            parent TEXT,
            name TEXT NOT NULL,
            kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
            size INTEGER NOT NULL DEFAULT 0,
            content_id INTEGER REFERENCES contents(id),
            origin_etag TEXT,
            origin_mtime INTEGER,
            validated_at INTEGER,
            stored_at INTEGER NOT NULL,
            last_access INTEGER NOT NULL,
            access_count INTEGER NOT NULL DEFAULT 0,
            dirty INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1)),
            CHECK ((kind = 0) = (content_id IS NOT NULL))
        ) WITHOUT ROWID;
        CREATE INDEX cache_entries_by_parent ON cache_entries(parent, name);
        CREATE INDEX cache_entries_by_content ON cache_entries(content_id) WHERE content_id IS NOT NULL;
        CREATE INDEX cache_entries_file_sizes ON cache_entries(size) WHERE kind = 0;
        CREATE INDEX cache_entries_dirty ON cache_entries(path) WHERE dirty <> 0;
        CREATE TRIGGER cache_entries_drop_content AFTER DELETE ON cache_entries
        WHEN old.content_id IS NOT NULL
        BEGIN
            DELETE FROM contents WHERE id = old.content_id;
        END;
        CREATE TRIGGER cache_entries_swap_content AFTER UPDATE OF content_id ON cache_entries
        WHEN old.content_id IS NOT NULL AND old.content_id IS NOT new.content_id
        BEGIN
            DELETE FROM contents WHERE id = old.content_id;
        END;
        INSERT INTO cache_entries (path, parent, name, kind, size, stored_at, last_access) VALUES ('/', NULL, '', 1, 0, 0, 0);
        INSERT INTO cache_entries (path, parent, name, kind, size, content_id, origin_etag, origin_mtime, validated_at, stored_at, last_access, access_count, dirty)
        SELECT path, parent, name, kind, size, content_id, origin_etag, origin_mtime, validated_at, stored_at, last_access, access_count, dirty
        FROM entries WHERE path <> '/' AND (validated_at IS NOT NULL OR dirty <> 0);
        WITH RECURSIVE up(path) AS (
            SELECT parent FROM entries WHERE path <> '/' AND (validated_at IS NOT NULL OR dirty <> 0)
            UNION
            SELECT e.parent FROM entries e JOIN up ON e.path = up.path WHERE e.parent IS NOT NULL
        )
        INSERT OR IGNORE INTO cache_entries (path, parent, name, kind, size, stored_at, last_access)
        SELECT e.path, e.parent, e.name, 1, 0, e.stored_at, e.last_access FROM entries e JOIN up ON e.path = up.path WHERE e.kind = 1;
        DROP TRIGGER entries_drop_content;
        DELETE FROM entries WHERE kind = 0 AND (validated_at IS NOT NULL OR dirty <> 0);
        UPDATE entries SET dirty = 0 WHERE dirty <> 0;
        CREATE TRIGGER entries_drop_content AFTER DELETE ON entries
        WHEN old.content_id IS NOT NULL
        BEGIN
            DELETE FROM contents WHERE id = old.content_id;
        END;
        DROP INDEX entries_local;
        """,

        // 6: ranged copies and counters per cache element. A copy of a large file may hold only the blocks a reader read
        // (chunks of its content, one per block, the others absent): `held` counts the bytes it holds, NULL for a whole
        // copy, so limits and eviction count what is on disk; the size index covers both. Counters are kept per element,
        // keyed by the root it keeps its copies at; the single row of before becomes the root's.
        """
        ALTER TABLE cache_entries ADD COLUMN held INTEGER CHECK (held IS NULL OR (kind = 0 AND held >= 0));
        DROP INDEX cache_entries_file_sizes;
        CREATE INDEX cache_entries_file_sizes ON cache_entries(size, held) WHERE kind = 0;
        CREATE TABLE element_counters (
            root TEXT NOT NULL PRIMARY KEY,
            hits INTEGER NOT NULL DEFAULT 0,
            misses INTEGER NOT NULL DEFAULT 0,
            revalidations INTEGER NOT NULL DEFAULT 0,
            evictions INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            bytes_fetched INTEGER NOT NULL DEFAULT 0,
            bytes_served INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        INSERT INTO element_counters (root, hits, misses, revalidations, evictions, errors, bytes_fetched, bytes_served)
        SELECT '/', hits, misses, revalidations, evictions, errors, bytes_fetched, bytes_served FROM counters;
        DROP TABLE counters;
        """,

        // 7: the write-back journal. One row per path a write-back element changed and has not uploaded: what the origin is
        // to end up with there (0 write, 1 directory, 2 remove), the origin's version the change started from, where the
        // upload stands (0 pending, 1 uploading, 2 failed, 3 conflict) and why, when it may be tried again, and a digest of
        // what an upload began to send. Sequences come from a counter that never goes back, so a number once given is never
        // given to another change, even after every row went. A lease per element root lets one uploader at a time (of the
        // processes sharing the file) drain its rows; one whose holder died runs out and is taken over.
        """
        CREATE TABLE journal (
            path TEXT NOT NULL PRIMARY KEY,
            sequence INTEGER NOT NULL UNIQUE,
            change INTEGER NOT NULL CHECK (change IN (0, 1, 2)),
            base_known INTEGER NOT NULL CHECK (base_known IN (0, 1)),
            base_kind INTEGER,
            base_etag TEXT,
            base_mtime INTEGER,
            state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2, 3)),
            reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before INTEGER NOT NULL,
            sent TEXT
        ) WITHOUT ROWID;
        CREATE TABLE journal_sequence (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last INTEGER NOT NULL
        );
        INSERT INTO journal_sequence (id, last) VALUES (1, 0);
        CREATE TABLE journal_leases (
            root TEXT NOT NULL PRIMARY KEY,
            holder TEXT NOT NULL,
            until INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
    ];

    /// <summary>
    /// Settings that only take effect before the first table exists: UTF-16BE text, so that SQLite's
    /// BINARY collation orders names exactly as <see cref="string.CompareOrdinal(string, string)"/> does
    /// (UTF-8 byte order differs for characters above U+FFFF); incremental auto-vacuum, so freed pages can
    /// be given back to the file system. Harmless no-ops on an existing database.
    /// </summary>
    public static void PrepareNewFile(DbSession session)
    {
        session.Execute("PRAGMA encoding = 'UTF-16be'");
        session.Execute("PRAGMA auto_vacuum = INCREMENTAL");
    }

    /// <summary>Brings the database up to <see cref="CurrentVersion"/>; returns the version it had.</summary>
    /// <exception cref="DbSchemaException">The file is another application's database, or newer than this code.</exception>
    public static int Migrate(DbSession session)
    {
        session.Begin(write: true);
        try
        {
            var version = (int)session.ScalarInt64("PRAGMA user_version")!.Value;
            var application = (int)session.ScalarInt64("PRAGMA application_id")!.Value;
            if (application != ApplicationId)
            {
                var tables = session.ScalarInt64("SELECT count(*) FROM sqlite_schema")!.Value;
                if (application != 0 || version != 0 || tables != 0)
                    throw new DbSchemaException("not a dbfs database (it is another program's SQLite database)");
            }
            if (version > CurrentVersion)
                throw new DbSchemaException($"made by a newer dbfs (schema version {version}; this one reads up to {CurrentVersion})");
            for (var v = version; v < CurrentVersion; v++) session.ExecuteScript(Migrations[v]);
            if (version != CurrentVersion || application != ApplicationId)
            {
                session.Execute($"PRAGMA user_version = {CurrentVersion}");
                session.Execute($"PRAGMA application_id = {ApplicationId}");
            }
            session.Commit();
            return version;
        }
        catch
        {
            session.TryRollback();
            throw;
        }
    }
}
