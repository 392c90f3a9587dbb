using Microsoft.Data.Sqlite;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Sqlite.Storage;

namespace Namespace.Sqlite;

// Ranged copies (schema v6): a copy of a large file holding only the blocks readers read. One block is one chunk of the
// copy's content; the chunks not held are absent rows. `held` counts the bytes held until every chunk is there (then NULL:
// a whole copy, read as any other). A ranged fill of another version replaces the copy's content in the same transaction.
public sealed partial class DbFileSystem
{
    /// <inheritdoc/>
    /// <remarks>The database's chunk size (<see cref="DbOpenOptions.ChunkSize"/>).</remarks>
    public int BlockSize => _options.ChunkSize;

    /// <inheritdoc/>
    public ValueTask<int?> ReadRangeAsync(VPath path, CacheRecord version, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return _db.ReadAsync(path, s =>
        {
            if (offset >= version.Size) return HoldsVersion(s, path, version) ? 0 : default(int?);
            using var reader = s.Command(Sql.RangedChunk, ("$path", path.Value), ("$offset", offset), ("$size", version.Size),
                ("$originEtag", version.OriginETag), ("$originMtime", version.OriginModifiedUtc?.UtcTicks)).ExecuteReader();
            if (!reader.Read()) return null;
            var (rowid, length, chunkSize) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            var within = offset % chunkSize;
            var count = (int)Math.Min(buffer.Length, length - within);
            if (count <= 0) return 0;
            using var blob = new SqliteBlob(s.Connection, "chunks", "data", rowid, readOnly: true);
            blob.Position = within;
            blob.ReadExactly(buffer.Span[..count]);
            return count;
        }, cancellationToken);
    }

    private static bool HoldsVersion(DbSession s, VPath path, CacheRecord version)
    {
        using var reader = s.Command(Sql.RangedTarget, ("$path", path.Value)).ExecuteReader();
        return reader.Read() && reader.GetInt32(0) == FileKind && SameVersion(reader, version);
    }

    // RangedTarget's size, origin_etag and origin_mtime against a record's.
    private static bool SameVersion(SqliteDataReader reader, CacheRecord version) =>
        reader.GetInt64(1) == version.Size
        && (reader.IsDBNull(2) ? null : reader.GetString(2)) == version.OriginETag
        && (reader.IsDBNull(3) ? null : reader.GetInt64(3)) == version.OriginModifiedUtc?.UtcTicks;

    /// <inheritdoc/>
    public async ValueTask WriteRangeAsync(VPath path, CacheRecord record, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var blockSize = BlockSize;
        RangedContent.CheckWrite(blockSize, record.Size, offset, data.Length);
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
        await _db.WriteAsync(path, s =>
        {
            long? content = null;
            using (var reader = s.Command(Sql.RangedTarget, ("$path", path.Value)).ExecuteReader())
            {
                if (reader.Read())
                {
                    if (reader.GetInt32(0) == DirKind) throw NsErrors.IsADirectory(path);
                    if (reader.GetInt64(4) != 0) throw NsErrors.Conflict(path, "holds local changes not yet written to the origin");
                    if (SameVersion(reader, record))
                    {
                        if (reader.IsDBNull(6)) return 0; // a whole copy of this version: nothing to add
                        content = reader.GetInt64(5);
                    }
                }
            }
            if (content is { } held && s.ScalarInt64(Sql.ContentChunkSize, ("$content", held)) != blockSize) content = null;
            if (content is null)
            {
                CheckFill(s, path, makeParents: true);
                content = s.Insert(Sql.InsertContent, ("$size", record.Size), ("$chunkSize", blockSize));
                s.Execute(Sql.InsertRanged,
                [
                    ("$path", path.Value), ("$parent", path.Parent.Value), ("$name", path.Name), ("$size", record.Size), ("$content", content),
                    .. RecordParameters(record with { Dirty = false }),
                ]);
            }
            long added = 0;
            for (var at = 0; at < data.Length; at += blockSize)
            {
                var block = data.Slice(at, Math.Min(blockSize, data.Length - at));
                if (s.Execute(Sql.InsertChunkIfMissing, ("$content", content), ("$seq", (offset + at) / blockSize), ("$data", block.ToArray())) > 0)
                    added += block.Length;
            }
            if (added > 0 || record.Size == 0) s.Execute(Sql.AddHeld, ("$path", path.Value), ("$bytes", added));
            return 0;
        }, cancellationToken, durable: false).ConfigureAwait(false);
        _accessLog.Forget(path, below: false);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ByteRange>> GetRangesAsync(VPath path, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(path, s =>
        {
            long content, chunkSize, size;
            bool whole;
            using (var reader = s.Command(Sql.RangedTarget, ("$path", path.Value)).ExecuteReader())
            {
                if (!reader.Read() || reader.GetInt32(0) != FileKind) return (IReadOnlyList<ByteRange>)[];
                (size, content, whole) = (reader.GetInt64(1), reader.GetInt64(5), reader.IsDBNull(6));
            }
            if (whole) return size == 0 ? [] : [new ByteRange(0, size)];
            chunkSize = s.ScalarInt64(Sql.ContentChunkSize, ("$content", content))!.Value;
            var blocks = new List<(long, long)>();
            using (var reader = s.Command(Sql.ChunkSeqs, ("$content", content)).ExecuteReader())
            {
                while (reader.Read()) blocks.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
            return RangedContent.Merge(blocks, (int)chunkSize);
        }, cancellationToken);
}
