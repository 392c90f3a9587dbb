using System.Buffers;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Sqlite.Storage;

namespace Namespace.Sqlite;

// The warm-read path of a cache element: record and content in one query. A small file (one chunk of at most MaxReadWhole
// bytes) comes whole with its record, so nothing stays open while it is read; a larger one is read inside the read
// transaction its stream keeps.
public sealed partial class DbFileSystem
{
    // The largest content read whole with its record (Sql.OpenCached says it again); as large as a chunk bound whole when written.
    internal const int MaxReadWhole = 64 << 10;

    /// <inheritdoc/>
    /// <remarks>
    /// A file of one chunk of at most 64 KiB is read whole in the statement that reads its record, saving the blob handle
    /// (<c>CacheBenchmarks</c>, category <c>warm</c>), and its stream holds nothing of the database.
    /// </remarks>
    public async ValueTask<CachedFile?> OpenCachedAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var (session, found) = await _db.BeginReadAsync(path, s => OpenCachedRow(s, path), cancellationToken, begin: false).ConfigureAwait(false);
        if (found is not { } file)
        {
            _db.Return(session);
            return null;
        }
        if (file.Record.Partial || file.Whole is not null)
        {
            _db.Return(session);
            return new CachedFile(file.Record, file.Whole is { } whole ? new DbWholeReadStream(whole, (int)file.Size) : Stream.Null);
        }
        return new CachedFile(file.Record, new DbReadStream(_db, session, path, file.Content, file.Size, file.ChunkSize, file.FirstChunk));
    }

    // Outside a transaction, so the statement reads one snapshot. A file too large to come whole is read in a read
    // transaction begun while the statement still holds that snapshot: its stream reads the content the record describes.
    private CachedRow? OpenCachedRow(DbSession s, VPath path)
    {
        var row = s.Statement(Sql.OpenCached);
        try
        {
            row.Bind(1, path.Value);
            if (!row.Step()) return null;
            var record = _accessLog.Merge(path, ToRecord(row, 0));
            if (record.Partial) return new CachedRow(record, 0, 0, 0, null, null);
            var size = row.Int64(11);
            if (size == 0) return new CachedRow(record, 0, 0, 0, null, []);
            // Null (not small) reads as no bytes; a chunk of another length is damage, which the stream reports when it reads.
            var bytes = row.Blob(14);
            if (bytes.Length == size)
            {
                var whole = ArrayPool<byte>.Shared.Rent(bytes.Length);
                bytes.CopyTo(whole);
                return new CachedRow(record, 0, size, 0, null, whole);
            }
            s.Begin(write: false);
            return new CachedRow(record, row.Int64(10), size, (int)row.Int64(12), row.IsNull(13) ? null : row.Int64(13), null);
        }
        finally
        {
            row.Reset();
        }
    }

    private readonly record struct CachedRow(CacheRecord Record, long Content, long Size, int ChunkSize, long? FirstChunk, byte[]? Whole);
}
