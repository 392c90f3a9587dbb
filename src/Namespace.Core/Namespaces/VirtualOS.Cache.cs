using Namespace.Core.Errors;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

public sealed partial class VirtualOS
{
    /// <summary>
    /// Drops clean cached copies at or below <paramref name="path"/> from every cache element that serves it
    /// (only those last validated longer than <paramref name="olderThan"/> ago, when given). Dirty data is never dropped.
    /// </summary>
    /// <returns>How many cached entries were dropped.</returns>
    /// <exception cref="NamespaceException">InvalidPath, or a cache element's error.</exception>
    public ValueTask<long> PurgeAsync(string path, TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        ResolvePath(path);
        return ValueTask.FromResult(0L);
    }

    /// <summary>Re-checks the entry at <paramref name="path"/> against its origin now, whatever its TTL says, and returns it.</summary>
    /// <exception cref="NamespaceException">NotFound, or the origin's error.</exception>
    public ValueTask<NsEntry> RevalidateAsync(string path, CancellationToken cancellationToken = default) =>
        StatAsync(path, cancellationToken);
}
