using System.IO.Pipelines;

namespace Namespace.Shell.Execution;

/// <summary>The writing end of a pipe between two commands; throws <see cref="BrokenPipeException"/> once the reader is gone.</summary>
internal sealed class PipeWriterStream(PipeWriter writer) : WriteOnlyStream
{
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted) throw new BrokenPipeException(this);
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
