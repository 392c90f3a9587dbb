using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// A provider whose opens are better served knowing what lookup does (a composed element, such as a cache element and
/// its origin): first in its union it may open a file without a lookup, and after a lookup it opens what was found
/// without looking it up again.
/// </summary>
public interface IOpenWithLookup
{
    /// <summary>
    /// Opens the file at <paramref name="path"/> when that needs no lookup (a fresh cached copy); null when a lookup must
    /// come first. Called only when the provider is the first element of its union and nothing is mounted below the path.
    /// </summary>
    /// <exception cref="Errors.NamespaceException">NotFound, or the provider's error.</exception>
    ValueTask<Stream?> TryOpenWithoutLookupAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>Opens the file at <paramref name="path"/>, which lookup has just found as <paramref name="found"/>.</summary>
    /// <exception cref="Errors.NamespaceException">NotFound, IsADirectory, or the provider's error.</exception>
    ValueTask<Stream> OpenReadAsync(VPath path, NsEntry found, CancellationToken cancellationToken = default);
}
