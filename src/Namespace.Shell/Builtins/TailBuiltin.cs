using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>
/// <c>tail</c>: the last lines, or bytes. A file that can seek is read backwards from its end, so only what is printed
/// is read; a stream (a pipe) is read through, keeping just the last lines.
/// </summary>
internal sealed class TailBuiltin : IBuiltin
{
    public string Name => "tail";
    public string Usage => "tail [-n N | -c N] [path...]";
    public string Summary => "print the last N lines (10 by default), or with -c the last N bytes, of each file or of standard input";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "", "nc");
        var bytes = flags.Value('c') is not null;
        var count = bytes ? TextInputs.Count(flags, 'c', 0) : TextInputs.Count(flags, 'n', 10);
        var ct = context.CancellationToken;
        return await TextInputs.EachAsync(context, flags.Operands, async (_, input) =>
        {
            if (TextInputs.Remaining(input) is { } length)
            {
                var end = input.Position + length;
                var start = bytes ? Math.Max(input.Position, end - count) : await StartOfLastLinesAsync(input, end, count, ct).ConfigureAwait(false);
                input.Position = start;
                await CopyAsync(input, context.IO.Output, end - start, ct).ConfigureAwait(false);
                return;
            }
            var kept = bytes ? await LastBytesAsync(input, count, ct).ConfigureAwait(false) : await LastLinesAsync(input, count, ct).ConfigureAwait(false);
            foreach (var piece in kept) await context.IO.Output.WriteAsync(piece, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    // Where the last `count` lines begin: after the count-th newline back from the end, not counting one that ends the file.
    private static async ValueTask<long> StartOfLastLinesAsync(Stream input, long end, long count, CancellationToken ct)
    {
        var first = input.Position;
        if (count == 0) return end;
        var buffer = new byte[TextInputs.BufferSize];
        var position = end;
        var skipFinal = true;
        while (position > first)
        {
            var size = (int)Math.Min(buffer.Length, position - first);
            position -= size;
            input.Position = position;
            await input.ReadExactlyAsync(buffer.AsMemory(0, size), ct).ConfigureAwait(false);
            for (var i = size - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n') continue;
                if (skipFinal && position + i == end - 1) continue;
                if (--count == 0) return position + i + 1;
            }
            skipFinal = false;
        }
        return first;
    }

    private static async ValueTask CopyAsync(Stream input, Stream output, long length, CancellationToken ct)
    {
        var buffer = new byte[TextInputs.BufferSize];
        while (length > 0)
        {
            var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), ct).ConfigureAwait(false);
            if (read == 0) break;
            await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            length -= read;
        }
    }

    // A stream that cannot seek: the last `count` lines (each with its newline), and the unfinished one after them.
    private static async ValueTask<IEnumerable<ReadOnlyMemory<byte>>> LastLinesAsync(Stream input, long count, CancellationToken ct)
    {
        var lines = new Queue<byte[]>();
        var current = new MemoryStream();
        var buffer = new byte[TextInputs.BufferSize];
        int read;
        while ((read = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                current.Write(buffer, start, i + 1 - start);
                start = i + 1;
                lines.Enqueue(current.ToArray());
                current.SetLength(0);
                if (lines.Count > count) lines.Dequeue();
            }
            current.Write(buffer, start, read - start);
        }
        // The unfinished last line is a line too.
        if (current.Length > 0 && count > 0)
        {
            if (lines.Count == count) lines.Dequeue();
            lines.Enqueue(current.ToArray());
        }
        return lines.Select(l => (ReadOnlyMemory<byte>)l);
    }

    private static async ValueTask<IEnumerable<ReadOnlyMemory<byte>>> LastBytesAsync(Stream input, long count, CancellationToken ct)
    {
        var pieces = new LinkedList<byte[]>();
        long held = 0;
        var buffer = new byte[TextInputs.BufferSize];
        int read;
        while ((read = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            pieces.AddLast(buffer[..read]);
            held += read;
            while (pieces.First is { } oldest && held - oldest.Value.Length >= count)
            {
                held -= oldest.Value.Length;
                pieces.RemoveFirst();
            }
        }
        var result = pieces.Select(p => (ReadOnlyMemory<byte>)p).ToList();
        if (held > count && result.Count > 0) result[0] = result[0][(int)(held - count)..];
        return result;
    }
}
