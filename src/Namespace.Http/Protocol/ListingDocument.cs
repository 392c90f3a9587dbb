namespace Namespace.Http.Protocol;

/// <summary>The JSON body of a directory listing: the directory's path and its entries, sorted ordinally.</summary>
/// <param name="Path">The directory's path on the server.</param>
/// <param name="Entries">Its entries.</param>
internal sealed record ListingDocument(string Path, IReadOnlyList<ListingItem> Entries);
