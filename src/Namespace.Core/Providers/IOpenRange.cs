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

    /// <summary>
    /// Opens the file at <paramref name="path"/> from its start in one request, as
    /// <see cref="IOpenWithEntry.OpenReadWithEntryAsync"/> does, asking for no more than its first
    /// <paramref name="length"/> bytes: a reader that does not know the file's size yet learns it without the origin
    /// sending a large file whole. The origin may send the whole file all the same (a server that ignores ranges);
    /// <c>Whole</c> says which. With <paramref name="ifChanged"/> it answers null, sending nothing, while the file is
    /// still the version that names (as <see cref="IOpenIfChanged.OpenReadIfChangedAsync"/> does).
    /// </summary>
    /// <returns>
    /// The file's entry (with its whole size, when the origin tells it), and the whole file or its first bytes (then the
    /// stream's <see cref="Stream.Length"/> says how many).
    /// </returns>
    /// <exception cref="Errors.NamespaceException">As <see cref="IFileProvider.OpenReadAsync"/>: NotFound, IsADirectory, Unavailable.</exception>
    ValueTask<(NsEntry Entry, Stream Content, bool Whole)?> OpenStartAsync(VPath path, long length, CacheValidator? ifChanged = null, CancellationToken cancellationToken = default);
}
