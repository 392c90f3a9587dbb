namespace Namespace.Http.Protocol;

/// <summary>One entry of a JSON directory listing.</summary>
/// <param name="Name">The entry's name.</param>
/// <param name="Type"><c>file</c> or <c>directory</c>.</param>
/// <param name="Size">Length in bytes (0 for directories).</param>
/// <param name="Mtime">Modification time, UTC, ISO 8601.</param>
/// <param name="Etag">The file's strong ETag, or null.</param>
/// <param name="Mode">Unix permission bits.</param>
internal sealed record ListingItem(string Name, string Type, long Size, DateTimeOffset Mtime, string? Etag, int Mode);
