using System.Runtime.CompilerServices;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Shell.Tests.Builtins;

/// <summary>
/// A read-only provider of one file, <c>/data</c>, that keeps each stream it opened so a test can see which bytes a
/// command read: seekable like a local file, or not (like a pipe or a server without ranges).
/// </summary>
internal sealed class MeteredFileProvider(byte[] content, bool seekable) : IFileProvider
{
    private static readonly DateTimeOffset Modified = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every stream opened so far, in order.</summary>
    public List<MeteredStream> Opened { get; } = [];

    public ProviderCapabilities Capabilities => seekable ? ProviderCapabilities.Read | ProviderCapabilities.Ranges : ProviderCapabilities.Read;

    public MountSource Source { get; } = new("metered", seekable ? "seekable" : "sequential");

    public ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<NsEntry?>(path.IsRoot ? Entry("", EntryKind.Directory) : IsData(path) ? Entry("data", EntryKind.File) : null);

    public async IAsyncEnumerable<NsEntry> ListAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!path.IsRoot) throw IsData(path) ? NsErrors.NotADirectory(path) : NsErrors.NotFound(path);
        await Task.CompletedTask;
        yield return Entry("data", EntryKind.File);
    }

    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
        if (!IsData(path)) throw NsErrors.NotFound(path);
        var stream = new MeteredStream(content, seekable);
        Opened.Add(stream);
        return ValueTask.FromResult<Stream>(stream);
    }

    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    public ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    public ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(from);

    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange) => throw NsErrors.NotSupported(path, "watch");

    private static bool IsData(VPath path) => path.Value == "/data";

    private NsEntry Entry(string name, EntryKind kind) =>
        new(name, kind, kind == EntryKind.File ? content.Length : 0, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, Modified, null, Source.ToString());
}

/// <summary>A read stream over bytes that counts what was read from it, where, and whether it was disposed.</summary>
internal sealed class MeteredStream(byte[] content, bool seekable) : Stream
{
    private readonly MemoryStream _inner = new(content, writable: false);

    /// <summary>How many bytes reads returned.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The position the first read started at, or null before any read.</summary>
    public long? FirstReadAt { get; private set; }

    /// <summary>True once disposed.</summary>
    public bool Disposed { get; private set; }

    public override bool CanRead => !Disposed;

    public override bool CanSeek => seekable && !Disposed;

    public override bool CanWrite => false;

    public override long Length => seekable ? _inner.Length : throw new NotSupportedException();

    public override long Position
    {
        get => seekable ? _inner.Position : throw new NotSupportedException();
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        FirstReadAt ??= _inner.Position;
        var n = _inner.Read(buffer);
        BytesRead += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) => seekable ? _inner.Seek(offset, origin) : throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
