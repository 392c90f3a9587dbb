using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// A write through a cache element in <c>mode=writethrough</c>: the bytes go to the origin and into the cache. On
/// dispose the origin commits first; only then is the cache's copy committed and given the origin's new version. If
/// the origin refuses, the cache is left as it was.
/// </summary>
internal sealed class WriteThroughStream(NsWriteStream target, NsWriteStream? fill, CachedProvider owner, VPath path) : NsWriteStream
{
    private long _length;
    private NsWriteStream? _fill = fill;
    private bool _done;

    public override long Length => _length;

    public override void Flush() => target.Flush();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        target.Write(buffer);
        _length += buffer.Length;
        if (_fill is null) return;
        try
        {
            _fill.Write(buffer);
        }
        catch (IOException)
        {
            DropFill();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await target.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _length += buffer.Length;
        if (_fill is null) return;
        try
        {
            await _fill.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            DropFill();
        }
    }

    private void DropFill()
    {
        var fill = _fill;
        _fill = null;
        if (fill is null) return;
        fill.Abort();
        fill.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_done) return;
        _done = true;
        GC.SuppressFinalize(this);
        if (Aborted)
        {
            target.Abort();
            DropFill();
            await target.DisposeAsync().ConfigureAwait(false);
            return;
        }
        // From the origin's commit on, a change it reports at the path may be this write's own (see CacheHost.Writing).
        using var writing = owner.Writing(path);
        try
        {
            await target.DisposeAsync().ConfigureAwait(false);
        }
        catch
        {
            DropFill();
            throw;
        }
        var cached = false;
        if (_fill is { } fill)
        {
            try
            {
                await fill.DisposeAsync().ConfigureAwait(false);
                cached = true;
            }
            catch (IOException)
            {
                // The origin has the data; the cache just forgets its copy.
            }
        }
        await owner.WrittenAsync(path, cached).ConfigureAwait(false);
    }
}
