using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

/// <summary>
/// A conditional write through a provider that offers no <see cref="IConditionalChange"/>: its plain write, with the
/// version looked at when opened and again just before the commit. A change that lands between that last look and the
/// commit is overwritten: the race a union documents for such elements. A write that expects nothing there is the
/// provider's create-only write, whose refusal (Exists) is the Conflict.
/// </summary>
internal sealed class CheckedWriteStream : NsWriteStream
{
    private readonly NsWriteStream _inner;
    private readonly IFileProvider _provider;
    private readonly VPath _path;
    private readonly CacheValidator? _expected;
    private bool _done;

    private CheckedWriteStream(NsWriteStream inner, IFileProvider provider, VPath path, CacheValidator? expected)
    {
        _inner = inner;
        _provider = provider;
        _path = path;
        _expected = expected;
    }

    /// <summary>Opens a write of <paramref name="path"/> in <paramref name="provider"/> that commits only while the file is <paramref name="expected"/> (null: while nothing is there).</summary>
    /// <exception cref="NamespaceException">Conflict, or what the provider's plain write throws.</exception>
    public static async ValueTask<NsWriteStream> OpenAsync(IFileProvider provider, VPath path, CacheValidator? expected, CancellationToken cancellationToken)
    {
        ConditionalChecks.ForWrite(path, await provider.StatAsync(path, cancellationToken).ConfigureAwait(false), expected);
        try
        {
            var inner = await provider.OpenWriteAsync(path, expected is null ? WriteMode.CreateNew : WriteMode.Replace, cancellationToken).ConfigureAwait(false);
            return new CheckedWriteStream(inner, provider, path, expected);
        }
        catch (NamespaceException e) when (e.Kind == NsErrorKind.Exists && expected is null)
        {
            throw ConditionalChecks.CreatedMeanwhile(path);
        }
    }

    public override long Length => _inner.Length;

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            _done = true;
            if (Aborted)
            {
                _inner.Abort();
            }
            else
            {
                try
                {
                    ConditionalChecks.ForWrite(_path, await _provider.StatAsync(_path).ConfigureAwait(false), _expected);
                }
                catch
                {
                    // Nothing is committed over a version this write did not expect.
                    _inner.Abort();
                    await _inner.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
            try
            {
                await _inner.DisposeAsync().ConfigureAwait(false);
            }
            catch (NamespaceException e) when (e.Kind == NsErrorKind.Exists && _expected is null)
            {
                throw ConditionalChecks.CreatedMeanwhile(_path);
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            // Stream.Dispose has no async form to call; the look before the commit may be a request to a store.
            DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }
        base.Dispose(disposing);
    }
}
