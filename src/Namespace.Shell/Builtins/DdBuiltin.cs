using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>
/// <c>dd</c>: Plan 9's, for copying a range of blocks: the input is seeked to <c>-iseek</c> when it can seek (else read
/// and discarded up to it) and left as soon as <c>-count</c> blocks are copied, so a few megabytes of a large file cost
/// a few megabytes of reading. Everything streams through one fixed buffer, whatever <c>-bs</c> is.
/// </summary>
internal sealed class DdBuiltin : IBuiltin
{
    private const int BufferSize = 64 * 1024;

    public string Name => "dd";
    public string Usage => "dd [-if path] [-of path] [-bs n] [-iseek n] [-oseek n] [-count n] [-trunc n] [-quiet n]";
    public string Summary => "copy -count blocks of -bs bytes from block -iseek of -if (stdin) to block -oseek of -of (stdout)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var options = DdOptions.Parse(context.Args);
        var ct = context.CancellationToken;
        var buffer = new byte[BufferSize];
        long copied;
        // The input is opened before the output is touched: a missing or unreadable -if leaves -of as it was.
        var opened = options.InputPath is { } inputPath ? await context.Os.OpenReadAsync(inputPath, ct).ConfigureAwait(false) : null;
        try
        {
            var input = opened ?? context.IO.Input;
            copied = options.OutputPath is { } outputPath
                ? await WriteFileAsync(context.Os, outputPath, options, input, buffer, ct).ConfigureAwait(false)
                : await CopyBlocksAsync(input, context.IO.Output, options, buffer, ct).ConfigureAwait(false);
        }
        finally
        {
            if (opened is not null) await opened.DisposeAsync().ConfigureAwait(false);
        }
        if (!options.Quiet)
        {
            // Blocks are filled before they count, so only the last one can be partial; every block read is written whole.
            var records = $"{copied / options.BlockSize}+{(copied % options.BlockSize == 0 ? 0 : 1)}";
            await context.Err.WriteLineAsync($"{records} records in").ConfigureAwait(false);
            await context.Err.WriteLineAsync($"{records} records out").ConfigureAwait(false);
        }
        return 0;
    }

    // Providers replace a file whole, on commit: writing at an offset is writing the new content from the old prefix
    // (zeros where the old file is shorter), the copied blocks and, with -trunc 0, the old bytes after them.
    private static async ValueTask<long> WriteFileAsync(VirtualOS os, string path, DdOptions options, Stream input, byte[] buffer, CancellationToken ct)
    {
        var prefix = options.OutputOffset;
        var old = prefix > 0 || !options.Truncate ? await TryOpenReadAsync(os, path, ct).ConfigureAwait(false) : null;
        try
        {
            var output = await os.OpenWriteAsync(path, WriteMode.Replace, ct).ConfigureAwait(false);
            await using (output.ConfigureAwait(false))
            {
                try
                {
                    var kept = old is null ? 0 : await CopyAsync(old, output, prefix, buffer, ct).ConfigureAwait(false);
                    await WriteZerosAsync(output, prefix - kept, buffer, ct).ConfigureAwait(false);
                    var copied = await CopyBlocksAsync(input, output, options, buffer, ct).ConfigureAwait(false);
                    if (old is not null && kept == prefix && !options.Truncate)
                    {
                        await SkipAsync(old, copied, buffer, ct).ConfigureAwait(false);
                        await CopyAsync(old, output, long.MaxValue, buffer, ct).ConfigureAwait(false);
                    }
                    return copied;
                }
                catch
                {
                    output.Abort();
                    throw;
                }
            }
        }
        finally
        {
            if (old is not null) await old.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async ValueTask<Stream?> TryOpenReadAsync(VirtualOS os, string path, CancellationToken ct)
    {
        try
        {
            return await os.OpenReadAsync(path, ct).ConfigureAwait(false);
        }
        catch (NamespaceException e) when (e.Kind == NsErrorKind.NotFound)
        {
            // A new file: what is before the offset is zeros. A missing parent is reported when the file is opened for writing.
            return null;
        }
    }

    private static async ValueTask<long> CopyBlocksAsync(Stream input, Stream output, DdOptions options, byte[] buffer, CancellationToken ct)
    {
        await SkipAsync(input, options.InputOffset, buffer, ct).ConfigureAwait(false);
        return await CopyAsync(input, output, options.Limit, buffer, ct).ConfigureAwait(false);
    }

    private static async ValueTask SkipAsync(Stream input, long bytes, byte[] buffer, CancellationToken ct)
    {
        if (bytes == 0) return;
        // Relative, as Plan 9's dd seeks: standard input may already be part way through its file.
        if (input.CanSeek) input.Seek(bytes, SeekOrigin.Current);
        else await CopyAsync(input, Stream.Null, bytes, buffer, ct).ConfigureAwait(false);
    }

    // Never asks for more than `limit` bytes: a pipe's reader after dd gets the rest, and a file is not read to its end.
    private static async ValueTask<long> CopyAsync(Stream input, Stream output, long limit, byte[] buffer, CancellationToken ct)
    {
        long copied = 0;
        while (copied < limit)
        {
            var n = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - copied)), ct).ConfigureAwait(false);
            if (n == 0) break;
            await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            copied += n;
        }
        return copied;
    }

    private static async ValueTask WriteZerosAsync(Stream output, long bytes, byte[] buffer, CancellationToken ct)
    {
        if (bytes == 0) return;
        Array.Clear(buffer);
        for (var left = bytes; left > 0; left -= buffer.Length)
            await output.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct).ConfigureAwait(false);
    }
}
