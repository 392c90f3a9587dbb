namespace Namespace.Core.Providers;

/// <summary>What a cache element knows about an entry it serves (the cache-state column of <c>ls -l</c>).</summary>
public enum CacheState
{
    /// <summary>Not served through a cache element (shown as <c>-</c>).</summary>
    None,
    /// <summary>A cached copy validated within its TTL.</summary>
    Fresh,
    /// <summary>A cached copy past its TTL, or served while the origin could not be reached.</summary>
    Stale,
    /// <summary>Local changes not yet written to the origin.</summary>
    Dirty,
    /// <summary>Local changes being written to the origin now.</summary>
    Uploading,
    /// <summary>Local changes the origin refused because it holds a newer version.</summary>
    Conflict,
}
