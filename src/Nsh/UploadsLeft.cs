using System.Globalization;
using Namespace.Caching;

namespace Namespace.Nsh;

/// <summary>
/// What nsh says on stderr as it exits while changes have not reached their origin (it never flushes on its own:
/// that is <c>flush</c>): whether they resume at the next start or are lost with the session's memory caches.
/// </summary>
internal static class UploadsLeft
{
    /// <summary>The line for <paramref name="queue"/>, or null when it is empty.</summary>
    public static string? Text(IReadOnlyList<PendingChange> queue)
    {
        var resuming = queue.Count(c => c.Durable && !c.IsParked);
        var parked = queue.Count(c => c.Durable && c.IsParked);
        var lost = queue.Count(c => !c.Durable);
        var parts = new List<string>(3);
        if (resuming > 0)
            parts.Add(resuming == 1 ? "1 upload pending; it resumes at the next start" : $"{N(resuming)} uploads pending; they resume at the next start");
        if (parked > 0)
            parts.Add(parked == 1 ? "1 change failed or in conflict stays in the cache (see status)" : $"{N(parked)} changes failed or in conflict stay in the cache (see status)");
        if (lost > 0)
            parts.Add(lost == 1 ? "1 change not uploaded is lost with this session (its cache is in memory)" : $"{N(lost)} changes not uploaded are lost with this session (their cache is in memory)");
        return parts.Count == 0 ? null : "nsh: " + string.Join("; ", parts);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
