using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

/// <summary>
/// A provider's write stream as the namespace hands it out: an error it throws while written to or when
/// it commits (a refused or conflicting upload) names the namespace path (<c>/w/hlog</c>), not the
/// provider's (<c>/hlog</c>). Aborting it aborts the provider's stream.
/// </summary>
internal sealed class NamespaceWriteStream(NsWriteStream inner, VPath mountPath, UnionElement element) : NsWriteStream
{
    private bool _done;

    /// <summary>The stream to hand out for <paramref name="stream"/>: itself where the element's paths are the namespace's.</summary>
    public static NsWriteStream Wrap(NsWriteStream stream, VPath mountPath, UnionElement element) =>
        mountPath == element.Root ? stream : new NamespaceWriteStream(stream, mountPath, element);

    public override long Length => inner.Length;

    public override void Flush() => Translated(inner.Flush);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException e)
        {
            throw VirtualOS.Translate(e, mountPath, element);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Translated(() => inner.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (NamespaceException e)
        {
            throw VirtualOS.Translate(e, mountPath, element);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException e)
        {
            throw VirtualOS.Translate(e, mountPath, element);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            _done = true;
            if (Aborted) inner.Abort();
            Translated(inner.Dispose);
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            _done = true;
            if (Aborted) inner.Abort();
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            catch (NamespaceException e)
            {
                throw VirtualOS.Translate(e, mountPath, element);
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Translated(Action action)
    {
        try
        {
            action();
        }
        catch (NamespaceException e)
        {
            throw VirtualOS.Translate(e, mountPath, element);
        }
    }
}
