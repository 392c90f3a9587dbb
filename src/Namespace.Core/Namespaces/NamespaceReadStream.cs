using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>
/// A provider's read stream as the namespace hands it out: the same stream, except that an error it
/// throws while in use names the namespace path (<c>/i/f</c>), not the provider's (<c>/f</c>), as errors at
/// open do. Everything else is passed straight through.
/// </summary>
internal sealed class NamespaceReadStream(Stream inner, VPath mountPath, UnionElement element) : Stream
{
    /// <summary>The stream to hand out for <paramref name="stream"/>: itself where the element's paths are the namespace's.</summary>
    public static Stream Wrap(Stream stream, VPath mountPath, UnionElement element) =>
        mountPath == element.Root ? stream : new NamespaceReadStream(stream, mountPath, element);

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => Translated(() => inner.Length);

    public override long Position
    {
        get => Translated(() => inner.Position);
        set => Translated(() => inner.Position = value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Translated(() => inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (NamespaceException e)
        {
            throw VirtualOS.Translate(e, mountPath, element);
        }
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException e)
        {
            throw VirtualOS.Translate(e, mountPath, element);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException e)
        {
            throw VirtualOS.Translate(e, mountPath, element);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => Translated(() => inner.Seek(offset, origin));
    public override void Flush() => inner.Flush();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private T Translated<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (NamespaceException e)
        {
            throw VirtualOS.Translate(e, mountPath, element);
        }
    }
}
