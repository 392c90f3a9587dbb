namespace Namespace.Caching;

/// <summary>
/// A fill stream (<see cref="ICacheContent.OpenFillAsync"/>) whose commit the store may hold a moment, to make it together
/// with others (dbfs's group commit): a cache's copy is committed behind the reader that fetched it, and nobody waits
/// for it unless something looks at the path. A store whose commits cost nothing to make one by one need not offer it.
/// </summary>
public interface IDeferrableCommit
{
    /// <summary>
    /// Says nobody waits for this stream's commit: the store may hold it, to make it together with others. Disposing still
    /// completes only once the content is committed. No effect once <see cref="CommitWaitedFor"/> was called.
    /// </summary>
    void AllowDeferredCommit();

    /// <summary>
    /// Says someone waits for this stream's commit after all (a look at the path the copy is for): a commit held for others
    /// is made now, and one not yet begun is not held. May be called from any thread, before or while disposing.
    /// </summary>
    void CommitWaitedFor();
}
