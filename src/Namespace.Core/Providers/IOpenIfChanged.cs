using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// A provider that can open a file only if it changed since a version the caller holds, in one request, as an HTTP
/// conditional GET does: a cache element revalidating a stale copy then learns "not modified", or gets the new
/// content, without a look first.
/// </summary>
public interface IOpenIfChanged
{
    /// <summary>
    /// Opens a file for reading unless the version <paramref name="held"/> names is still current; says what was
    /// opened, as <see cref="IOpenWithEntry.OpenReadWithEntryAsync"/> does.
    /// </summary>
    /// <returns>Null when the held version is current; otherwise the file's entry and content.</returns>
    /// <exception cref="Errors.NamespaceException">As <see cref="IFileProvider.OpenReadAsync"/>: NotFound, IsADirectory, Unavailable.</exception>
    ValueTask<(NsEntry Entry, Stream Content)?> OpenReadIfChangedAsync(VPath path, CacheValidator held, CancellationToken cancellationToken = default);
}
