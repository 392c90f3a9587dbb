using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Tests.Namespaces;

/// <summary>A provider that offers only <see cref="IFileProvider"/>: a store without conditional changes, as a union sees it.</summary>
internal sealed class PlainProvider(IFileProvider inner) : IFileProvider
{
    public ProviderCapabilities Capabilities => inner.Capabilities;
    public MountSource Source => inner.Source;

    public ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default) => inner.StatAsync(path, cancellationToken);
    public IAsyncEnumerable<NsEntry> ListAsync(VPath path, CancellationToken cancellationToken = default) => inner.ListAsync(path, cancellationToken);
    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default) => inner.OpenReadAsync(path, cancellationToken);
    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default) => inner.OpenWriteAsync(path, mode, cancellationToken);
    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => inner.CreateDirectoryAsync(path, cancellationToken);
    public ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, recursive, cancellationToken);
    public ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default) => inner.MoveAsync(from, to, cancellationToken);
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange) => inner.Subscribe(path, onChange);
}
