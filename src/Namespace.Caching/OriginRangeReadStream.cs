using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Caching;

/// <summary>
/// The bytes of a file from one offset to another, of one version, read from the origin in as many ranged answers as it
/// takes: a server that cuts ranges short sends the rest in answers asked for as each one ends. An answer that brings
/// nothing before the end is an error, never a short file. Not seekable.
/// </summary>
/// <param name="path">The file (for errors).</param>
/// <param name="first">The first answer, already opened at <paramref name="offset"/> (<see cref="Stream.Null"/>: none yet).</param>
/// <param name="open">Opens the next answer: the bytes from an offset to <paramref name="end"/>, of the same version.</param>
/// <param name="offset">Where the first answer starts.</param>
/// <param name="end">Where the bytes end (the file's size).</param>
internal sealed class OriginRangeReadStream(VPath path, Stream first, Func<long, long, CancellationToken, ValueTask<Stream>> open, long offset, long end) : ReadOnlyStream
{
    private Stream _current = first;
    private readonly long _start = offset;
    private long _position = offset;

    public override long Length => end - _start;
    public override long Position { get => _position - _start; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= end) return 0;
        if (buffer.Length > end - _position) buffer = buffer[..(int)(end - _position)];
        var n = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            // This answer ended short of the end: the rest is asked for.
            await _current.DisposeAsync().ConfigureAwait(false);
            _current = await open(_position, end - _position, cancellationToken).ConfigureAwait(false);
            n = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw NsErrors.Unavailable(path, $"the origin sent nothing of the bytes asked for at {_position}");
        }
        _position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _current.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
