using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>A decorator that serves another provider's data and refuses every change with a read-only error.</summary>
public sealed class ReadOnlyFileProvider(IFileProvider inner) : IFileProvider
{
    /// <inheritdoc/>
    public ProviderCapabilities Capabilities => inner.Capabilities & ~(ProviderCapabilities.Write | ProviderCapabilities.Mutate);

    /// <inheritdoc/>
    public MountSource Source => inner.Source;

    /// <inheritdoc/>
    public ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default) => inner.StatAsync(path, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<NsEntry> ListAsync(VPath path, CancellationToken cancellationToken = default) => inner.ListAsync(path, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default) => inner.OpenReadAsync(path, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    /// <inheritdoc/>
    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    /// <inheritdoc/>
    public ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    /// <inheritdoc/>
    public ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(from);

    /// <inheritdoc/>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange) => inner.Subscribe(path, onChange);
}
