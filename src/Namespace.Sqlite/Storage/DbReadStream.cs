using Microsoft.Data.Sqlite;
using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// Reads one file's content chunk by chunk through incremental blob I/O, inside a read transaction
/// held for the stream's lifetime: the reader sees the content as it was when opened, even while the
/// file is replaced or removed. Seekable: a position maps to (chunk, offset) directly.
/// </summary>
internal sealed class DbReadStream : Stream
{
    private readonly DbConnections _db;
    private readonly DbSession _session;
    private readonly VPath _path;
    private readonly long _content;
    private readonly int _chunkSize;
    private SqliteBlob? _blob;
    private long _blobSeq = -1;
    private readonly long? _firstChunkRow;
    private long _position;
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
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= Length) return 0;
        var seq = _position / _chunkSize;
        var offset = (int)(_position % _chunkSize);
        try
        {
            var blob = Chunk(seq);
            var count = (int)Math.Min(buffer.Length, Math.Min(blob.Length - offset, Length - _position));
            if (count <= 0) throw Damaged($"chunk {seq} is shorter than the file's size says");
            blob.Position = offset;
            var read = blob.Read(buffer[..count]);
            _position += read;
            return read;
        }
        catch (SqliteException e)
        {
            throw _db.Translate(e, _path);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // SQLite is synchronous; the read completes before returning.
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0) throw new IOException("cannot seek before the start of the file");
        return _position = target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
