namespace Namespace.Caching;

/// <summary>
/// Two read streams one after the other, as one: a file's first block and then its rest, fetched in two requests.
/// Its length is theirs together; disposing it disposes both. Not seekable.
/// </summary>
internal sealed class ConcatenatedReadStream(Stream first, Stream second) : ReadOnlyStream
{
    private bool _onSecond;
    private long _position;

    public override long Length => first.Length + second.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        var n = _onSecond ? 0 : first.Read(buffer);
        if (n == 0)
        {
            _onSecond = true;
            n = second.Read(buffer);
        }
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        var n = _onSecond ? 0 : await first.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            _onSecond = true;
            n = await second.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        _position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            first.Dispose();
            second.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await first.DisposeAsync().ConfigureAwait(false);
        await second.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
