namespace Namespace.Core.Providers;

/// <summary>
/// What a cache knows of the version it holds, to ask an origin whether it is still current: the origin's ETag, or,
/// when the origin gave none, its modification time.
/// </summary>
/// <param name="ETag">The origin's strong ETag of the version held, or null.</param>
/// <param name="ModifiedUtc">The origin's modification time of the version held, or null.</param>
public sealed record CacheValidator(string? ETag, DateTimeOffset? ModifiedUtc);
