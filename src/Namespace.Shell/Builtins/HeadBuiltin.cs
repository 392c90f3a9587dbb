using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>head</c>: the first lines, or bytes, passed on as they arrive (a line is never held whole).</summary>
internal sealed class HeadBuiltin : IBuiltin
{
    public string Name => "head";
    public string Usage => "head [-n N | -c N] [path...]";
    public string Summary => "print the first N lines (10 by default), or with -c the first N bytes, of each file or of standard input";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "", "nc");
        var bytes = flags.Value('c') is not null;
        var count = bytes ? TextInputs.Count(flags, 'c', 0) : TextInputs.Count(flags, 'n', 10);
        var output = context.IO.Output;
        return await TextInputs.EachAsync(context, flags.Operands, async (_, input) =>
        {
            var buffer = new byte[TextInputs.BufferSize];
            var left = count;
            while (left > 0)
            {
                var read = await input.ReadAsync(buffer.AsMemory(0, bytes ? (int)Math.Min(buffer.Length, left) : buffer.Length), context.CancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                var take = read;
                if (bytes)
                {
                    left -= read;
                }
                else
                {
                    // Up to and including the newline that ends the last line wanted.
                    for (var i = 0; i < read; i++)
                    {
                        if (buffer[i] == (byte)'\n' && --left == 0)
                        {
                            take = i + 1;
                            break;
                        }
                    }
                }
                await output.WriteAsync(buffer.AsMemory(0, take), context.CancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }
}
