namespace Namespace.Nsh.LineEditing;

/// <summary>
/// Remembers whether anything written to the terminal (through any of the streams it wraps) left the
/// cursor in the middle of a line, so the REPL can start its prompt on a fresh line instead of
/// drawing over a command's unfinished last line.
/// </summary>
internal sealed class LineEndTracker
{
    private int _midLine;

    /// <summary>True when the last byte written was not a newline.</summary>
    public bool MidLine => Volatile.Read(ref _midLine) != 0;

    /// <summary>Forget what was written (the cursor is known to be at the start of a line).</summary>
    public void Reset() => Volatile.Write(ref _midLine, 0);

    /// <summary>Wraps a stream so that what is written through it is tracked.</summary>
    public Stream Wrap(Stream inner) => new TrackingStream(inner, this);

    private void Saw(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0) Volatile.Write(ref _midLine, data[^1] == (byte)'\n' ? 0 : 1);
    }

    private sealed class TrackingStream(Stream inner, LineEndTracker tracker) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            tracker.Saw(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            tracker.Saw(buffer.Span);
        }

        // The terminal's stream belongs to the process, not to this wrapper.
        protected override void Dispose(bool disposing)
        {
        }
    }
}
