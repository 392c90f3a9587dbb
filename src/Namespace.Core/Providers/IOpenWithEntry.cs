using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// A provider that learns a file's entry (size, ETag, modification time) from opening it, as an HTTP GET's headers
/// tell: a caller that needs both, such as a cache element filling a miss, then asks once instead of twice.
/// </summary>
public interface IOpenWithEntry
{
    /// <summary>
    /// Opens a file for reading and says what was opened. When the answer does not say how long the file is (HTTP sent
    /// chunked), the entry has <see cref="NsEntry.SizeUnknown"/> set and the content has no <see cref="Stream.Length"/>:
    /// a cache element then keeps the copy when its reader reaches a clean end, with the bytes received as its size.
    /// </summary>
    /// <exception cref="Errors.NamespaceException">As <see cref="IFileProvider.OpenReadAsync"/>.</exception>
    ValueTask<(NsEntry Entry, Stream Content)> OpenReadWithEntryAsync(VPath path, CancellationToken cancellationToken = default);
}
