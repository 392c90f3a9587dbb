using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Http.Client;

/// <summary>
/// The bytes of one ranged GET (<see cref="HttpFileSystem.OpenRangeAsync"/>): <paramref name="count"/> bytes after
/// skipping <paramref name="skip"/> (a server that ignored Range sent the file from its start). A response that ends
/// early is an error, never a short file; one with bytes left over is closed, not read to its end. Not seekable.
/// </summary>
internal sealed class HttpRangeStream(VPath path, Uri url, HttpResponseMessage response, Stream body, long skip, long count) : Stream
{
    private long _skip = skip;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => count;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var left = count - _position;
        if (buffer.IsEmpty || left <= 0) return 0;
        if (buffer.Length > left) buffer = buffer[..(int)left];
        try
        {
            while (_skip > 0)
            {
                var skipped = await body.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _skip)], cancellationToken).ConfigureAwait(false);
                if (skipped == 0) throw Short();
                _skip -= skipped;
            }
            var n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw Short();
            _position += n;
            return n;
        }
        catch (HttpRequestException e)
        {
            throw HttpErrors.Network(path, url, e);
        }
        catch (IOException e) when (e is not NamespaceException)
        {
            throw HttpErrors.Network(path, url, e);
        }
    }

    private NamespaceException Short() => NsErrors.Unavailable(path, $"{url}: the response ended after {_position} of {count} bytes");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }
        base.Dispose(disposing);
    }
}
