using Namespace.Core.Paths;

namespace Namespace.Caching;

/// <summary>One cache element as <c>status</c> shows it.</summary>
/// <param name="MountPath">Where its union is mounted.</param>
/// <param name="Cache">The cache element (<c>TYPE:SOURCE</c>).</param>
/// <param name="Origin">What it caches: the union elements after it.</param>
/// <param name="Options">Its options, defaults filled in.</param>
/// <param name="Counters">
/// Hits, misses and the rest, saved and not yet saved: the element's own, and those saved in its store by earlier
/// sessions or other processes (a store keeps one set of counters for all the cache elements that use it).
/// </param>
/// <param name="Usage">What the store holds now.</param>
public sealed record CacheElementStatus(VPath MountPath, string Cache, string Origin, CacheOptions Options, CacheCounters Counters, CacheUsage Usage);
