using Microsoft.Data.Sqlite;
using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// Reads one file's content chunk by chunk through incremental blob I/O, inside a read transaction
/// held for the stream's lifetime: the reader sees the content as it was when opened, even while the
/// file is replaced or removed. Seekable: a position maps to (chunk, offset) directly.
/// </summary>
internal sealed class DbReadStream : DbSeekableReadStream
{
    private readonly DbConnections _db;
    private readonly DbSession _session;
    private readonly VPath _path;
    private readonly long _content;
    private readonly int _chunkSize;
    private SqliteBlob? _blob;
    private long _blobSeq = -1;
    private readonly long? _firstChunkRow;
    private bool _disposed;

    public DbReadStream(DbConnections db, DbSession session, VPath path, long content, long length, int chunkSize, long? firstChunkRow = null)
    {
        _firstChunkRow = firstChunkRow;
        _db = db;
        _session = session;
        _path = path;
        _content = content;
        Length = length;
        _chunkSize = chunkSize;
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => !_disposed;
    public override long Length { get; }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || Position >= Length) return 0;
        var seq = Position / _chunkSize;
        var offset = (int)(Position % _chunkSize);
        try
        {
            var blob = Chunk(seq);
            var count = (int)Math.Min(buffer.Length, Math.Min(blob.Length - offset, Length - Position));
            if (count <= 0) throw Damaged($"chunk {seq} is shorter than the file's size says");
            blob.Position = offset;
            var read = blob.Read(buffer[..count]);
            Position += read;
            return read;
        }
        catch (SqliteException e)
        {
            throw _db.Translate(e, _path);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _blob?.Dispose();
            _db.Return(_session);
        }
        base.Dispose(disposing);
    }

    private SqliteBlob Chunk(long seq)
    {
        if (seq == _blobSeq && _blob is not null) return _blob;
        _blob?.Dispose();
        _blob = null;
        var rowid = (seq == 0 ? _firstChunkRow : null)
            ?? _session.ScalarInt64(Sql.ChunkRow, ("$content", _content), ("$seq", seq))
            ?? throw Damaged($"chunk {seq} is missing");
        _blob = new SqliteBlob(_session.Connection, "chunks", "data", rowid, readOnly: true);
        _blobSeq = seq;
        return _blob;
    }

    private NamespaceException Damaged(string detail) =>
        NsErrors.Unavailable(_path, $"database {_db.File} is damaged ({detail}); mount it again to check it and move it aside");
}
