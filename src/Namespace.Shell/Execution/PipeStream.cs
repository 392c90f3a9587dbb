using System.IO.Pipelines;

namespace Namespace.Shell.Execution;

/// <summary>The writing end of a pipe between two commands; throws <see cref="BrokenPipeException"/> once the reader is gone.</summary>
internal sealed class PipeWriterStream(PipeWriter writer) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted) throw new BrokenPipeException();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) writer.Complete();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        writer.Complete();
        return ValueTask.CompletedTask;
    }
}
