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
