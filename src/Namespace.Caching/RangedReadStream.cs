using System.Buffers;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// A large file read through a cache element by the block (docs/caching.md, "Large files"): each block comes from the
/// store when it holds it, else from the origin in one ranged request that also fetches read-ahead, and goes into the
/// store as a ranged copy. Read-ahead is earned: a read that jumps elsewhere fetches its block and the next; each fetch
/// that carries on where the last ended fetches twice as many blocks, up to <see cref="MaxWindowBlocks"/>. Every range is
/// asked for of the version first read (the origin answers Conflict if the file changed), and kept as that version's,
/// so a reader never mixes two versions and neither does the store. A failing store never fails the reader. Seekable.
/// </summary>
internal sealed class RangedReadStream : Stream
{
    /// <summary>The most blocks one request to the origin fetches.</summary>
    internal const int MaxWindowBlocks = 16;

    private readonly CachedProvider _owner;
    private readonly VPath _path;
    private readonly VPath _cachePath;
    private readonly CacheRecord _version;
    private readonly NsEntry _originVersion;
    private readonly int _blockSize;
    private byte[]? _block;
    private long _blockIndex = -1;
    private int _blockLength;
    private long _position;
    private long _nextSequential = -1;
    private int _window;
    private bool _disposed;

    // firstBlock: the file's first block when the reader has it already (the origin sent it on opening).
    public RangedReadStream(CachedProvider owner, VPath path, VPath cachePath, CacheRecord version, int blockSize, byte[]? firstBlock = null)
    {
        _owner = owner;
        _path = path;
        _cachePath = cachePath;
        _version = version;
        _blockSize = blockSize;
        _originVersion = new NsEntry(path.Name, EntryKind.File, version.Size, default, version.OriginModifiedUtc ?? DateTimeOffset.UnixEpoch, version.OriginETag, string.Empty);
        if (firstBlock is null) return;
        _block = ArrayPool<byte>.Shared.Rent(blockSize);
        firstBlock.CopyTo(_block, 0);
        _blockIndex = 0;
        _blockLength = firstBlock.Length;
        _nextSequential = 1;
        _window = 1;
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => !_disposed;
    public override bool CanWrite => false;
    public override long Length => _version.Size;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        return _position = target;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= Length) return 0;
        var index = _position / _blockSize;
        if (index != _blockIndex) await LoadAsync(index, cancellationToken).ConfigureAwait(false);
        var within = (int)(_position - index * _blockSize);
        var n = Math.Min(buffer.Length, _blockLength - within);
        _block.AsSpan(within, n).CopyTo(buffer.Span);
        _position += n;
        return n;
    }

    private int BlockLength(long index) => (int)Math.Min(_blockSize, Length - index * _blockSize);

    // Block index into _block: from the store when it holds it, else fetched with read-ahead.
    private async ValueTask LoadAsync(long index, CancellationToken cancellationToken)
    {
        _block ??= ArrayPool<byte>.Shared.Rent(_blockSize);
        _blockIndex = -1;
        var length = BlockLength(index);
        if (await _owner.ReadBlockAsync(_cachePath, _version, index * _blockSize, _block.AsMemory(0, length), cancellationToken).ConfigureAwait(false))
        {
            _blockIndex = index;
            _blockLength = length;
            return;
        }
        var sequential = index == _nextSequential;
        _window = sequential ? Math.Min(Math.Max(_window, 1) * 2, MaxWindowBlocks) : 2;
        var blocks = (int)Math.Min(_window, RangedContent.BlockCount(Length, _blockSize) - index);
        var offset = index * _blockSize;
        var count = (int)Math.Min((long)blocks * _blockSize, Length - offset);
        var fetched = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            await _owner.FetchRangeAsync(_path, _cachePath, _version, _originVersion, offset, fetched.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            fetched.AsSpan(0, length).CopyTo(_block);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(fetched);
        }
        _blockIndex = index;
        _blockLength = length;
        _nextSequential = index + blocks;
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
            if (_block is not null) ArrayPool<byte>.Shared.Return(_block);
            _block = null;
        }
        base.Dispose(disposing);
    }
}
