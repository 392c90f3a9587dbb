using System.Buffers;
using Microsoft.Data.Sqlite;
using Namespace.Caching;
using Namespace.Core.Diagnostics;
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
/// An append commits after what the file holds at its commit: if another writer (another process) committed since the
/// append started, the bytes appended here are copied after that writer's, in the commit transaction.
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
    private int _chunkSize;
    private readonly CacheRecord? _fill;
    // A write-back element's local write: its fill is dirty content, committed durably with its journal row.
    private readonly LocalChange? _local;
    private byte[]? _buffer;
    private int _buffered;
    private long _content = -1;
    private long _chunks;
    private long _length;
    private bool _done;
    // What an append continues: the version (ETag, null when there was no file) and the size the file had when it started.
    private string? _baseETag;
    private long _baseSize;

    public DbWriteStream(DbFileSystem owner, VPath path, WriteMode mode, int chunkSize, CacheRecord? fill, LocalChange? local = null)
    {
        _local = local;
        _owner = owner;
        _db = owner.Connections;
        _path = path;
        _mode = mode;
        _chunkSize = chunkSize;
        _fill = fill;
    }

    public override long Length => _length;

    // A cache fill holds a copy of the origin's data: losing it to a power cut costs a refetch, so it commits without fsync.
    // A local write is the only copy of what it holds.
    private bool Durable => _fill is null || _local is not null;

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

    /// <summary>
    /// Starts an append: continues the file's content as it is now (full chunks copied inside SQLite, the partial last
    /// one into the buffer), looked up in the same transaction, so a writer that replaces it meanwhile cannot take it away.
    /// </summary>
    public async ValueTask StartAppendAsync(CancellationToken cancellationToken)
    {
        var start = await _db.WriteAsync<(string? ETag, long Size, int ChunkSize, long Content)>(_path, s =>
        {
            DbFileSystem.RequireDirectory(s, _path.Parent);
            var found = AppendBase(s);
            if (found is not { } file) return (null, 0L, _chunkSize, -1L);
            if (file.Size == 0) return (file.ETag, 0L, file.ChunkSize, -1L);
            var full = file.Size / file.ChunkSize;
            var tail = (int)(file.Size % file.ChunkSize);
            var id = NewContent(s, file.ChunkSize);
            s.Execute(Sql.CopyChunks, ("$content", id), ("$from", file.Content), ("$count", full));
            if (tail > 0)
            {
                // A retry reads the tail again over the same bytes; the buffer is sized for the file's chunks.
                _chunkSize = file.ChunkSize;
                Reserve(tail);
                ReadChunk(s, file.Content, full, 0, Buffer.AsSpan(0, tail));
            }
            return (file.ETag, file.Size, file.ChunkSize, id);
        }, cancellationToken).ConfigureAwait(false);
        // An append continues the old content, so it keeps that content's chunk size.
        _chunkSize = start.ChunkSize;
        _baseETag = start.ETag;
        _baseSize = start.Size;
        _content = start.Content;
        _chunks = start.Size / start.ChunkSize;
        _buffered = (int)(start.Size % start.ChunkSize);
        _length = start.Size;
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
        if (_local is not null) CrashPoints.Reach("local-write.staged");
    }

    private bool Commit(DbSession s)
    {
        int? kind;
        if (_fill is null)
        {
            DbFileSystem.RequireDirectory(s, _path.Parent);
            kind = DbFileSystem.KindOf(s, _path);
        }
        else if (_local is not null)
        {
            kind = _owner.CheckLocalWrite(s, _path);
        }
        else
        {
            kind = _owner.CheckFill(s, _path, makeParents: true);
        }
        if (kind == 1) throw NsErrors.IsADirectory(_path);
        if (kind is not null && _mode == WriteMode.CreateNew) throw NsErrors.Exists(_path);
        long content;
        var length = _length;
        if (_mode == WriteMode.Append && AppendBase(s) is var current && current?.ETag != _baseETag)
        {
            (content, length) = Rebase(s, current);
        }
        else if (_content >= 0)
        {
            content = Heartbeat(s, _content);
            if (_buffered > 0) WriteChunk(s, content, _chunks, _buffered);
            s.Execute(Sql.FinishContent, ("$content", content), ("$size", _length));
        }
        else
        {
            // Everything is still in the buffer: the content is written whole, here, and never staged.
            content = s.Insert(Sql.InsertContent, ("$size", _length), ("$chunkSize", _chunkSize));
            if (_buffered > 0) WriteChunk(s, content, 0, _buffered);
        }
        if (_fill is { } record)
        {
            // A copy of the cache's own, among its copies: no change of the file tree.
            var basis = _local is { } change ? DbFileSystem.BaseOf(s, _path, change.BasedOn) : null;
            var removedBasis = _local is { Removing: { } from } moved ? DbFileSystem.BaseOf(s, from, moved.RemovingBase!) : null;
            DbFileSystem.CommitFill(s, _path, replacing: kind is not null, _length, content, record);
            if (_local is { } local)
            {
                DbFileSystem.Journal(s, _path, JournalChange.Write, basis!, local.NotBeforeUtc);
                if (local.Removing is { } removing) DbFileSystem.RemoveMoved(s, removing, removedBasis!, local.NotBeforeUtc);
                CrashPoints.Reach("local-write.before-commit");
            }
            return kind is null;
        }
        var now = _owner.NowTicks;
        var etag = DbFileSystem.NewETag();
        if (kind is null)
        {
            s.Execute(Sql.InsertFile, ("$path", _path.Value), ("$parent", _path.Parent.Value), ("$name", _path.Name),
                ("$size", length), ("$mode", (int)DbFileSystem.FileMode), ("$now", now), ("$etag", etag), ("$content", content));
            DbFileSystem.Touch(s, _path.Parent, now);
        }
        else
        {
            s.Execute(Sql.UpdateFile, ("$path", _path.Value), ("$size", length), ("$now", now), ("$etag", etag), ("$content", content));
        }
        return kind is null;
    }

    private void Committed(bool created)
    {
        _content = -1;
        if (_local is not null) CrashPoints.Reach("local-write.committed");
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

    private long NewContent(DbSession s) => NewContent(s, _chunkSize);

    private long NewContent(DbSession s, int chunkSize) =>
        s.Insert(Sql.NewContent, ("$chunkSize", chunkSize), ("$now", _owner.NowTicks));

    // The file an append is about (null when there is none): its version, content and chunk size.
    private (string? ETag, long Content, long Size, int ChunkSize)? AppendBase(DbSession s)
    {
        using var reader = s.Command(Sql.AppendBase, ("$path", _path.Value)).ExecuteReader();
        if (!reader.Read()) return null;
        if (reader.GetInt32(0) == 1) throw NsErrors.IsADirectory(_path);
        return (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4));
    }

    // Another writer committed since this append started: a new content made of what the file holds now (full chunks
    // copied inside SQLite) and then the bytes appended here (from the staged chunks and the buffer), cut into the
    // file's chunk size. The staged content is dropped. Runs in the commit transaction and changes no field (retries).
    private (long Content, long Length) Rebase(DbSession s, (string? ETag, long Content, long Size, int ChunkSize)? now)
    {
        var (from, size, chunkSize) = now is { } file ? (file.Content, file.Size, file.ChunkSize) : (-1L, 0L, _chunkSize);
        var length = size + _length - _baseSize;
        var content = s.Insert(Sql.InsertContent, ("$size", length), ("$chunkSize", chunkSize));
        var seq = size / chunkSize;
        if (seq > 0) s.Execute(Sql.CopyChunks, ("$content", content), ("$from", from), ("$count", seq));
        var chunk = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            var filled = (int)(size % chunkSize);
            if (filled > 0) ReadChunk(s, from, seq, 0, chunk.AsSpan(0, filled));
            var staged = _content >= 0 ? Heartbeat(s, _content) : -1;
            for (var at = _baseSize; at < _length;)
            {
                var room = chunkSize - filled;
                int take;
                if (at < _chunks * _chunkSize)
                {
                    var offset = (int)(at % _chunkSize);
                    take = Math.Min(_chunkSize - offset, room);
                    ReadChunk(s, staged, at / _chunkSize, offset, chunk.AsSpan(filled, take));
                }
                else
                {
                    var offset = (int)(at - _chunks * _chunkSize);
                    take = Math.Min(_buffered - offset, room);
                    Buffer.AsSpan(offset, take).CopyTo(chunk.AsSpan(filled));
                }
                filled += take;
                at += take;
                if (filled < chunkSize) continue;
                WriteChunk(s, content, seq++, chunk, filled);
                filled = 0;
            }
            if (filled > 0) WriteChunk(s, content, seq, chunk, filled);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (_content >= 0) s.Execute(Sql.DropStaged, ("$content", _content));
        return (content, length);
    }

    private void ReadChunk(DbSession s, long content, long seq, int offset, Span<byte> into)
    {
        var rowid = s.ScalarInt64(Sql.ChunkRow, ("$content", content), ("$seq", seq))
            ?? throw NsErrors.Unavailable(_path, $"database {_db.File} is damaged (chunk {seq} is missing)");
        using var blob = new SqliteBlob(s.Connection, "chunks", "data", rowid, readOnly: true);
        blob.Position = offset;
        blob.ReadExactly(into);
    }

    private long Heartbeat(DbSession s, long content)
    {
        if (s.Execute(Sql.TouchStaged, ("$content", content), ("$now", _owner.NowTicks)) == 0)
            throw NsErrors.Unavailable(_path, "the data written so far expired before the file was closed (it was left open too long); write it again");
        return content;
    }

    private void WriteChunk(DbSession s, long content, long seq, int count) => WriteChunk(s, content, seq, Buffer, count);

    private static void WriteChunk(DbSession s, long content, long seq, byte[] data, int count)
    {
        if (count <= MaxBoundChunk)
        {
            s.Execute(Sql.InsertChunkData, ("$content", content), ("$seq", seq), ("$data", new ReadOnlyMemory<byte>(data, 0, count)));
            return;
        }
        var rowid = s.Insert(Sql.InsertChunk, ("$content", content), ("$seq", seq), ("$length", count));
        using var blob = new SqliteBlob(s.Connection, "chunks", "data", rowid);
        blob.Write(data.AsSpan(0, count));
    }

    private void ReturnBuffer()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
