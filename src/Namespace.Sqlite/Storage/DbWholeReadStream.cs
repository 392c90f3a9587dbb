using System.Buffers;

namespace Namespace.Sqlite.Storage;

/// <summary>
/// A small file's content, read whole from the database with its record (see <see cref="DbFileSystem.OpenCachedAsync"/>),
/// in a pooled array given back on dispose: reading it holds nothing of the database open. Seekable.
/// </summary>
internal sealed class DbWholeReadStream(byte[] content, int length) : DbSeekableReadStream
{
    private byte[]? _content = content;

    public override bool CanRead => _content is not null;
    public override bool CanSeek => _content is not null;
    public override long Length => length;

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_content is null, this);
        if (Position >= length) return 0;
        var count = (int)Math.Min(buffer.Length, length - Position);
        _content.AsSpan((int)Position, count).CopyTo(buffer);
        Position += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _content is { } content)
        {
            _content = null;
            if (content.Length > 0) ArrayPool<byte>.Shared.Return(content);
        }
        base.Dispose(disposing);
    }
}
