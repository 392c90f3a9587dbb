using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// A provider that changes a file only while it is still the version the caller last saw, so a change made elsewhere
/// meanwhile is never overwritten or removed: the write-back uploader's conditional uploads. How close the check is to
/// the change is the provider's to say in its docs (one request with <c>If-Match</c> over HTTP; a check just before the
/// change, with a race left, where the storage has nothing better).
/// </summary>
public interface IConditionalChange
{
    /// <summary>
    /// Opens a write of the whole file at <paramref name="path"/> that commits only while the file is
    /// <paramref name="expected"/> (its ETag, or without one its modification time), or, with null, while nothing is
    /// there. The condition is checked when the stream is disposed (the commit); the parent directory must exist.
    /// </summary>
    /// <exception cref="Errors.NamespaceException">At open or at commit: Conflict when the file is not the version expected
    /// (or something is there when nothing was expected); NotFound (the parent); IsADirectory; ReadOnly; Unavailable.</exception>
    ValueTask<NsWriteStream> OpenWriteIfAsync(VPath path, CacheValidator? expected, CancellationToken cancellationToken = default);

    /// <summary>Removes the file at <paramref name="path"/> only while it is <paramref name="expected"/>.</summary>
    /// <exception cref="Errors.NamespaceException">Conflict when it is another version; NotFound when nothing is there; IsADirectory; ReadOnly; Unavailable.</exception>
    ValueTask DeleteIfAsync(VPath path, CacheValidator expected, CancellationToken cancellationToken = default);
}
