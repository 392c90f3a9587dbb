namespace Namespace.Core.Providers;

/// <summary>
/// A stream that writes a file and makes it visible only when disposed: the new content replaces
/// the old one atomically (readers see all of the old or all of the new). Call <see cref="Abort"/>
/// before disposing to throw the written data away and leave the file as it was.
/// </summary>
public abstract class NsWriteStream : Stream
{
    /// <summary>True once <see cref="Abort"/> was called.</summary>
    protected bool Aborted { get; private set; }

    /// <summary>Discards what was written; disposing then commits nothing.</summary>
    public void Abort() => Aborted = true;

    // 0: committed as soon as disposed; 1: nobody waits for the commit (it may be held); 2: someone waits for it after all.
    private int _deferral;

    /// <summary>True once <see cref="AllowDeferredCommit"/> was called, unless <see cref="CommitWaitedFor"/> was too.</summary>
    protected bool CommitMayBeDeferred => Volatile.Read(ref _deferral) == 1;

    /// <summary>
    /// Says nobody waits for this stream's commit (a cache's copy, committed behind the reader that fetched it): the
    /// provider may hold the commit a moment, to make it together with others. Disposing still completes only once the
    /// content is committed. No effect once <see cref="CommitWaitedFor"/> was called.
    /// </summary>
    public void AllowDeferredCommit() => Interlocked.CompareExchange(ref _deferral, 1, 0);

    /// <summary>
    /// Says someone waits for this stream's commit after all (a look at the path the copy is for): a commit held for
    /// others is made now, and one not yet begun is not held. May be called from any thread, before or while disposing.
    /// </summary>
    public void CommitWaitedFor()
    {
        if (Interlocked.Exchange(ref _deferral, 2) == 1) OnCommitWaitedFor();
    }

    /// <summary>Called once when <see cref="CommitWaitedFor"/> revokes <see cref="AllowDeferredCommit"/>: make a held commit now.</summary>
    protected virtual void OnCommitWaitedFor()
    {
    }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Position { get => Length; set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
