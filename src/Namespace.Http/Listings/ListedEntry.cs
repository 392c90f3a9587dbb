namespace Namespace.Http.Listings;

/// <summary>What a listing said about one name; sizes and times may be missing or rounded.</summary>
/// <param name="Name">The decoded name.</param>
/// <param name="IsDirectory">True for a directory.</param>
/// <param name="Size">The size, when the listing gave one.</param>
/// <param name="ExactSize">False when the size was rounded (<c>1.2K</c>).</param>
/// <param name="Modified">The modification time, UTC, when given.</param>
/// <param name="ETag">A strong ETag, when given.</param>
/// <param name="Mode">Unix permission bits, when given.</param>
internal sealed record ListedEntry(string Name, bool IsDirectory, long? Size, bool ExactSize, DateTimeOffset? Modified, string? ETag, int? Mode)
{
    /// <summary>True when a HEAD request would tell more than the listing did.</summary>
    public bool NeedsStat => !IsDirectory && (Size is null || !ExactSize || Modified is null);
}
