using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// What a reader gets on a miss: the origin's bytes, copied into the cache as they pass. At the end the copy is
/// committed (if it has the size the origin announced) in the background: the reader has its last bytes at once, and
/// the flight stays until the commit is done, so whoever looks through the cache element meanwhile waits for it
/// (<see cref="CacheHost.SettledAsync"/>). A copy the origin changed under is not kept (<see cref="CacheHost.Flight.Spoiled"/>).
/// A reader that stops at the announced size without reading the end has its copy committed once the origin confirms
/// there is nothing more. When the origin did not announce a size (<paramref name="expected"/> null: an HTTP answer sent
/// chunked), the copy is kept when its reader reaches a clean end, with the bytes received as its size; the stream then
/// has no <see cref="Length"/>, as the origin's has none. A reader that stops early abandons the copy, unless others wait for this fetch, in which case
/// the rest is fetched for them in the background. A failing cache never fails the reader. Not seekable.
/// </summary>
internal sealed class CacheFillStream(Stream source, NsWriteStream fill, long? expected, CacheHost.Flight flight, CachedProvider owner) : Stream
{
    // A reader that finishes while copies of more than this many bytes wait to be committed waits for its own: a reader
    // faster than the store never piles up copies (and their buffers) without bound. Many small copies may wait, so a
    // store can commit them together (dbfs gathers them for a moment).
    internal const long MaxBacklogBytes = 4 << 20;

    private long _read;
    private bool _fillFailed;
    private int _finished;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => expected ?? throw new NotSupportedException("the origin did not say how long the file is");
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = source.Read(buffer);
        }
        catch
        {
            SourceFailed();
            throw;
        }
        Pass(buffer[..n]);
        if (n == 0 && buffer.Length > 0) FinishAtEnd().GetAwaiter().GetResult();
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            SourceFailed();
            throw;
        }
        if (n > 0 && !_fillFailed)
        {
            try
            {
                await fill.WriteAsync(buffer[..n], cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                StoreFailed();
            }
            catch (OperationCanceledException)
            {
                FailFill();
            }
        }
        _read += n;
        if (n == 0 && buffer.Length > 0) await FinishAtEnd().ConfigureAwait(false);
        return n;
    }

    private void Pass(ReadOnlySpan<byte> bytes)
    {
        _read += bytes.Length;
        if (bytes.Length == 0 || _fillFailed) return;
        try
        {
            fill.Write(bytes);
        }
        catch (IOException)
        {
            StoreFailed();
        }
    }

    private void FailFill()
    {
        _fillFailed = true;
        fill.Abort();
    }

    // The cache could not take the copy (full, busy, damaged, closed): the reader goes on, status counts an error.
    private void StoreFailed()
    {
        FailFill();
        owner.CountError();
    }

    // A read of the origin failed (dropped, cancelled): what it would send next is unknown, and an HTTP response whose
    // read was cancelled is closed under it, so the copy is abandoned and nobody goes on reading that stream.
    private void SourceFailed()
    {
        if (Volatile.Read(ref _finished) == 0 && !_fillFailed) FailFill();
    }

    // The reader has everything: the copy is committed without it waiting (unless too many wait already).
    private Task FinishAtEnd() => Finish(complete: true) is { } finish && finish.Backlog > MaxBacklogBytes ? finish.Commit : Task.CompletedTask;

    private Task FinishAsync(bool complete) => Finish(complete)?.Commit ?? Task.CompletedTask;

    // Commits (or abandons) the copy exactly once and lets waiting readers go; says how many bytes of copies of the store
    // are being committed now, this one included. Not awaited here: a store that commits later (dbfs groups its fills)
    // returns at once, and the rest runs when it is done.
    private (Task Commit, long Backlog)? Finish(bool complete)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return null;
        var deferrable = fill as IDeferrableCommit;
        var backlog = flight.StartCommitting(_read, deferrable is null ? static () => { } : deferrable.CommitWaitedFor);
        // Nobody waits for this commit (neither its reader nor another): the store may make it together with others.
        if (backlog <= MaxBacklogBytes && !flight.HasWaiters) deferrable?.AllowDeferredCommit();
        return (CommitAsync(complete), backlog);
    }

    private async Task CommitAsync(bool complete)
    {
        var kept = false;
        try
        {
            var commit = complete && !_fillFailed && (expected is null || _read == expected) && !flight.Spoiled;
            if (!commit) fill.Abort();
            await fill.DisposeAsync().ConfigureAwait(false);
            kept = commit && !flight.Spoiled;
            // Spoiled while it was being committed: whoever spoiled it may have dropped the path just before the commit.
            if (commit && !kept) await owner.DropSpoiledAsync(flight.Path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Not kept; the reader has its bytes all the same.
            owner.CountError();
        }
        finally
        {
            try
            {
                await owner.FilledAsync(flight.Path, _read, kept).ConfigureAwait(false);
            }
            finally
            {
                flight.Land();
            }
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _finished) == 0 && !_fillFailed && _read == expected) await ConfirmEndAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _finished) == 0 && !_fillFailed && (expected is null || _read < expected) && flight.HasWaiters)
        {
            // Others wait for this fetch: finish it for them.
            _ = Task.Run(async () =>
            {
                try
                {
                    var buffer = new byte[81920];
                    int n;
                    while ((n = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                    {
                        await fill.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                        _read += n;
                    }
                    await FinishAsync(complete: true).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Whatever the origin or the cache did (a closed connection may say ObjectDisposedException), the
                    // flight lands: the readers waiting for it fetch for themselves.
                    _fillFailed = true;
                    await FinishAsync(complete: false).ConfigureAwait(false);
                }
                finally
                {
                    await source.DisposeAsync().ConfigureAwait(false);
                }
            });
            GC.SuppressFinalize(this);
            return;
        }
        await FinishAsync(complete: false).ConfigureAwait(false);
        await source.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    // The reader has all the origin announced but never read the end (it read exactly the length): one more read asks the
    // origin whether that was all. Nothing more finishes the copy as reading to the end does; more bytes (the origin
    // announced less than it sends) or a failure leave the copy to be abandoned. Only a source that knows its length is
    // asked (httpfs, local and memory files answer at their end at once): another (a pipe, a response without a length)
    // may not end for a long time, and disposing must not wait for it.
    private async Task ConfirmEndAsync()
    {
        try
        {
            if (!source.CanSeek || source.Position < source.Length) return;
            await ReadAsync(new byte[1]).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Whatever the origin did, the copy is not kept (and the flight lands below); the reader has its bytes all the same.
        }
    }
}
