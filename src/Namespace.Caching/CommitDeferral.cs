namespace Namespace.Caching;

/// <summary>
/// The state behind <see cref="IDeferrableCommit"/>, for a store's fill stream: not deferred, deferrable, or waited for
/// after all (final). Thread-safe.
/// </summary>
public sealed class CommitDeferral
{
    // 0: committed as soon as disposed; 1: nobody waits for the commit (it may be held); 2: someone waits for it after all.
    private int _state;

    /// <summary>True once <see cref="Allow"/> was called, unless <see cref="WaitedFor"/> was too.</summary>
    public bool MayBeDeferred => Volatile.Read(ref _state) == 1;

    /// <summary>Nobody waits for the commit (see <see cref="IDeferrableCommit.AllowDeferredCommit"/>); no effect once waited for.</summary>
    public void Allow() => Interlocked.CompareExchange(ref _state, 1, 0);

    /// <summary>Someone waits for the commit (see <see cref="IDeferrableCommit.CommitWaitedFor"/>).</summary>
    /// <returns>True, once only, when this revokes <see cref="Allow"/>: a commit held for others must be made now.</returns>
    public bool WaitedFor() => Interlocked.Exchange(ref _state, 2) == 1;
}
