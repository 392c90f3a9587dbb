using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// A provider that learns a file's entry (size, ETag, modification time) from opening it, as an HTTP GET's headers
/// tell: a caller that needs both, such as a cache element filling a miss, then asks once instead of twice.
/// </summary>
public interface IOpenWithEntry
{
    /// <summary>Opens a file for reading and says what was opened.</summary>
    /// <exception cref="Errors.NamespaceException">As <see cref="IFileProvider.OpenReadAsync"/>.</exception>
    ValueTask<(NsEntry Entry, Stream Content)> OpenReadWithEntryAsync(VPath path, CancellationToken cancellationToken = default);
}
