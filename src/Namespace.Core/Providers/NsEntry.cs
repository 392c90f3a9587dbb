namespace Namespace.Core.Providers;

/// <summary>
/// What stat and listings return for one name: kind, size, mode, modification time (UTC), an
/// ETag when the provider can give one, and which element served it.
/// </summary>
/// <param name="Name">The last element of the path (empty for the root).</param>
/// <param name="Kind">File, directory, or a special file (FIFO, socket, device, a symbolic link that cannot be followed).</param>
/// <param name="Size">Length in bytes; 0 for directories.</param>
/// <param name="Mode">Unix permission bits.</param>
/// <param name="ModifiedUtc">Last modification time, in UTC.</param>
/// <param name="ETag">A strong validator that changes whenever the content does, or null.</param>
/// <param name="ServedBy">Label of the element that served the entry (e.g. <c>mem:demo</c>, <c>local:/srv/x</c>, <c>ns</c> for a synthetic directory).</param>
public sealed record NsEntry(
    string Name,
    EntryKind Kind,
    long Size,
    UnixFileMode Mode,
    DateTimeOffset ModifiedUtc,
    string? ETag,
    string ServedBy)
{
    /// <summary>True for directories.</summary>
    public bool IsDirectory => Kind == EntryKind.Directory;

    /// <summary>True for a FIFO, socket, device or a symbolic link that cannot be followed: something with a name and no content to read or write.</summary>
    public bool IsSpecial => Kind is not (EntryKind.File or EntryKind.Directory);

    /// <summary>What the cache element that served the entry knows about it (<see cref="CacheState.None"/> when no cache element did).</summary>
    public CacheState Cache { get; init; }

    /// <summary>
    /// True when the provider could not tell the file's size (an HTTP answer without <c>Content-Length</c>, sent chunked):
    /// <see cref="Size"/> is 0 then, and the content's length is learnt only by reading it to its end. A file whose size
    /// was told as 0 is not unknown.
    /// </summary>
    public bool SizeUnknown { get; init; }

    /// <summary>
    /// Whether the entry is a symbolic link on its host (a local directory), shown as what it points to (or, when it cannot
    /// be followed, as itself: <see cref="EntryKind.SymbolicLink"/>). <c>cp -r</c>
    /// does not follow one to a directory, as Unix cp does not, so a link to an ancestor cannot make it copy forever.
    /// </summary>
    public bool IsSymbolicLink { get; init; }

    /// <summary>
    /// For a <see cref="EntryKind.SymbolicLink"/> entry (a link that cannot be followed), why: <c>symbolic link leads outside
    /// the mount's root</c>, <c>too many levels of symbolic links</c>, <c>symbolic link to nothing</c>. Null otherwise.
    /// </summary>
    public string? LinkProblem { get; init; }
}
