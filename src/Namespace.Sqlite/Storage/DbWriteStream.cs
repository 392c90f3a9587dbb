using System.Buffers;
using Microsoft.Data.Sqlite;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// Writes a file as a new, staged content row: each full chunk is written in its own short transaction
/// (zeroblob, then incremental blob I/O), so no lock is held while the caller produces data and at most
/// one chunk is ever held in memory. Disposing commits in one transaction that writes the last chunk and
/// points the entry at the new content (the old one is dropped by a trigger): readers see the old file
/// or the new one, never a mix. <see cref="NsWriteStream.Abort"/> drops the staged content instead.
/// A fill (a cache store's write of an origin's content) also makes missing parents, refuses to replace a
/// dirty file, and writes its record, all in that commit transaction.
/// </summary>
internal sealed class DbWriteStream : NsWriteStream, IDeferrableCommit
{
    // Chunks up to this size are bound as a parameter (a copy of that many bytes); larger ones go through a blob handle.
    private const int MaxBoundChunk = 64 << 10;

    private readonly CommitDeferral _deferral = new();
    private readonly DbFileSystem _owner;
    private readonly DbConnections _db;
    private readonly VPath _path;
    private readonly WriteMode _mode;
    private readonly int _chunkSize;
    private readonly CacheRecord? _fill;
    private byte[]? _buffer;
    private int _buffered;
    private long _content = -1;
    private long _chunks;
    private long _length;
    private bool _done;

    public DbWriteStream(DbFileSystem owner, VPath path, WriteMode mode, int chunkSize, CacheRecord? fill)
    {
        _owner = owner;
        _db = owner.Connections;
        _path = path;
        _mode = mode;
        _chunkSize = chunkSize;
        _fill = fill;
    }

    public override long Length => _length;

    // A cache fill holds a copy of the origin's data: losing it to a power cut costs a refetch, so it commits without fsync.
    private bool Durable => _fill is null;

    // The chunk being written, in a pooled array that starts at the size the file is expected to have (or 64 KiB) and
    // grows up to the chunk size: a small fill holds a small buffer, however many wait to be committed.
    private byte[] Buffer => _buffer ??= ArrayPool<byte>.Shared.Rent((int)Math.Clamp(_fill is { Size: > 0 } fill ? fill.Size : 64 << 10, 1, _chunkSize));

    private void Reserve(int needed)
    {
        var buffer = Buffer;
        if (needed <= buffer.Length) return;
        var grown = ArrayPool<byte>.Shared.Rent(Math.Min(_chunkSize, Math.Max(needed, buffer.Length * 2)));
        buffer.AsSpan(0, _buffered).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        _buffer = grown;
    }

    /// <summary>Continues from an existing content (append): full chunks are copied inside SQLite, the partial last one into the buffer.</summary>
    public async ValueTask StartFromAsync(long content, long size, CancellationToken cancellationToken)
    {
        var full = size / _chunkSize;
        var tail = (int)(size % _chunkSize);
        _content = await _db.WriteAsync(_path, s =>
        {
            var id = NewContent(s);
            s.Execute(Sql.CopyChunks, ("$content", id), ("$from", content), ("$count", full));
            if (tail > 0)
            {
                var rowid = s.ScalarInt64(Sql.ChunkRow, ("$content", content), ("$seq", full))
                    ?? throw NsErrors.Unavailable(_path, $"database {_db.File} is damaged (chunk {full} is missing)");
                using var blob = new SqliteBlob(s.Connection, "chunks", "data", rowid, readOnly: true);
                Reserve(tail);
                blob.ReadExactly(Buffer.AsSpan(0, tail));
            }
            return id;
        }, cancellationToken).ConfigureAwait(false);
        _chunks = full;
        _buffered = tail;
        _length = size;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Fill(buffer)..];
            if (_buffered < _chunkSize) continue;
            if (Aborted) _buffered = 0;
            else StageBuffered(_db.Write(_path, StageChunk, Durable));
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer = buffer[Fill(buffer.Span)..];
            if (_buffered < _chunkSize) continue;
            if (Aborted) _buffered = 0;
            else StageBuffered(await _db.WriteAsync(_path, StageChunk, cancellationToken, Durable).ConfigureAwait(false));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            _done = true;
            try
            {
                if (Aborted) Drop();
                else Committed(_db.Write(_path, Commit, Durable));
            }
            catch
            {
                Drop();
                throw;
            }
            finally
            {
                ReturnBuffer();
            }
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            _done = true;
            try
            {
                if (Aborted) Drop();
                else if (Durable) Committed(await _db.WriteAsync(_path, Commit, CancellationToken.None).ConfigureAwait(false));
                else
                {
                    // A fill's commit may share its transaction with other fills waiting at the same time (group commit).
                    var deferred = _deferral.MayBeDeferred;
                    var commit = _db.WriteGroupedAsync(_path, Commit, deferred);
                    // Waited for since it was handed over: OnCommitWaitedFor may have run before it joined its group.
                    if (deferred && !_deferral.MayBeDeferred) _db.Hurry();
                    Committed(await commit.ConfigureAwait(false));
                }
            }
            catch
            {
                Drop();
                throw;
            }
            finally
            {
                ReturnBuffer();
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void AllowDeferredCommit() => _deferral.Allow();

    /// <inheritdoc/>
    public void CommitWaitedFor()
    {
        if (_deferral.WaitedFor()) _db.Hurry();
    }

    private int Fill(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        var count = Math.Min(data.Length, _chunkSize - _buffered);
        Reserve(_buffered + count);
        data[..count].CopyTo(Buffer.AsSpan(_buffered));
        _buffered += count;
        _length += count;
        return count;
    }

    // Runs inside a write transaction, possibly more than once (retries): it changes no field, the caller does.
    private long StageChunk(DbSession s)
    {
        var content = _content >= 0 ? Heartbeat(s, _content) : NewContent(s);
        WriteChunk(s, content, _chunks, _buffered);
        return content;
    }

    private void StageBuffered(long content)
    {
        _content = content;
        _chunks++;
        _buffered = 0;
    }

    private bool Commit(DbSession s)
    {
        int? kind;
        if (_fill is null)
        {
            DbFileSystem.RequireDirectory(s, _path.Parent);
            kind = DbFileSystem.KindOf(s, _path);
        }
        else
        {
            kind = _owner.CheckFill(s, _path, makeParents: true);
        }
        if (kind == 1) throw NsErrors.IsADirectory(_path);
        if (kind is not null && _mode == WriteMode.CreateNew) throw NsErrors.Exists(_path);
        long content;
        if (_content >= 0)
        {
            content = Heartbeat(s, _content);
            if (_buffered > 0) WriteChunk(s, content, _chunks, _buffered);
            s.Execute(Sql.FinishContent, ("$content", content), ("$size", _length));
        }
        else
        {
            // Everything is still in the buffer: the content is written whole, here, and never staged.
            content = s.ScalarInt64(Sql.InsertContent, ("$size", _length), ("$chunkSize", _chunkSize))!.Value;
            if (_buffered > 0) WriteChunk(s, content, 0, _buffered);
        }
        if (_fill is { } record)
        {
            // A copy of the cache's own, among its copies: no change of the file tree.
            DbFileSystem.CommitFill(s, _path, replacing: kind is not null, _length, content, record);
            return kind is null;
        }
        var now = _owner.NowTicks;
        var etag = DbFileSystem.NewETag();
        if (kind is null)
        {
            s.Execute(Sql.InsertFile, ("$path", _path.Value), ("$parent", _path.Parent.Value), ("$name", _path.Name),
                ("$size", _length), ("$mode", (int)DbFileSystem.FileMode), ("$now", now), ("$etag", etag), ("$content", content));
            DbFileSystem.Touch(s, _path.Parent, now);
        }
        else
        {
            s.Execute(Sql.UpdateFile, ("$path", _path.Value), ("$size", _length), ("$now", now), ("$etag", etag), ("$content", content));
        }
        return kind is null;
    }

    private void Committed(bool created)
    {
        _content = -1;
        if (_fill is not null)
        {
            _owner.ForgetTouches(_path, below: false);
            return;
        }
        _owner.Notify(new ChangeEvent(created ? ChangeKind.Created : ChangeKind.Changed, _path));
    }

    // Best effort: what cannot be dropped now is swept as expired on a later open.
    private void Drop()
    {
        if (_content < 0) return;
        var content = _content;
        _content = -1;
        try
        {
            _db.Write(_path, s => s.Execute(Sql.DropStaged, ("$content", content)), Durable);
        }
        catch (NamespaceException)
        {
        }
    }

    private long NewContent(DbSession s) =>
        s.ScalarInt64(Sql.NewContent, ("$chunkSize", _chunkSize), ("$now", _owner.NowTicks))!.Value;

    private long Heartbeat(DbSession s, long content)
    {
        if (s.Execute(Sql.TouchStaged, ("$content", content), ("$now", _owner.NowTicks)) == 0)
            throw NsErrors.Unavailable(_path, "the data written so far expired before the file was closed (it was left open too long); write it again");
        return content;
    }

    private void WriteChunk(DbSession s, long content, long seq, int count)
    {
        if (count <= MaxBoundChunk)
        {
            s.Execute(Sql.InsertChunkData, ("$content", content), ("$seq", seq), ("$data", new ReadOnlyMemory<byte>(Buffer, 0, count)));
            return;
        }
        var rowid = s.ScalarInt64(Sql.InsertChunk, ("$content", content), ("$seq", seq), ("$length", count))!.Value;
        using var blob = new SqliteBlob(s.Connection, "chunks", "data", rowid);
        blob.Write(Buffer.AsSpan(0, count));
    }

    private void ReturnBuffer()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
