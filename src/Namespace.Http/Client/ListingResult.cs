using Namespace.Core.Providers;

namespace Namespace.Http.Client;

/// <summary>A directory listing with the validators that let the next request be conditional.</summary>
/// <param name="Entries">The entries, sorted ordinally; null when the server said "not modified".</param>
/// <param name="ETag">The listing's ETag, if any.</param>
/// <param name="LastModified">The listing's Last-Modified, if any.</param>
internal sealed record ListingResult(List<NsEntry>? Entries, string? ETag, DateTimeOffset? LastModified);
