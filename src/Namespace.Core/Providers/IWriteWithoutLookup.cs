using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// A provider that may take a write without the namespace looking the path up first (a write-back cache element: a write
/// is made locally and never waits for its origin, which may be unreachable).
/// </summary>
public interface IWriteWithoutLookup
{
    /// <summary>
    /// Opens a write of the file at <paramref name="path"/> when that needs no lookup; null when the namespace must look
    /// the path up first. Called only when the provider is the only element of its union and nothing is mounted below
    /// the path.
    /// </summary>
    /// <exception cref="Errors.NamespaceException">As <see cref="IFileProvider.OpenWriteAsync"/>.</exception>
    ValueTask<NsWriteStream?> TryOpenWriteWithoutLookupAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default);
}
