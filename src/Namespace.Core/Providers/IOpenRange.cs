using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// A provider that can open part of a file, as an HTTP <c>Range</c> request does: a cache element then fetches only the
/// ranges a reader reads of a large file, plus read-ahead (docs/caching.md, "Large files").
/// </summary>
public interface IOpenRange
{
    /// <summary>
    /// Opens up to <paramref name="length"/> bytes of the file at <paramref name="path"/> from <paramref name="offset"/>
    /// (fewer at its end; none from its end on) and says which file they are of: its entry, with the whole file's size.
    /// With <paramref name="version"/> (an entry an earlier answer gave) the bytes are of that version or the call fails:
    /// a range is never of a newer version than the ranges read before it.
    /// </summary>
    /// <returns>The file's entry and a stream of the bytes asked for.</returns>
    /// <exception cref="Errors.NamespaceException">Conflict when the file is no longer <paramref name="version"/>; as <see cref="IFileProvider.OpenReadAsync"/> otherwise: NotFound, IsADirectory, Unavailable.</exception>
    ValueTask<(NsEntry Entry, Stream Content)> OpenRangeAsync(VPath path, long offset, long length, NsEntry? version = null, CancellationToken cancellationToken = default);
}
