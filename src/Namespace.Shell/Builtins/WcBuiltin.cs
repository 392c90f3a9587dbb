using System.Globalization;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>wc</c>: count lines, words, bytes and characters, over the bytes as they are.</summary>
internal sealed class WcBuiltin : IBuiltin
{
    public string Name => "wc";
    public string Usage => "wc [-l] [-w] [-c] [-m] [path...]";
    public string Summary => "count lines, words and bytes (-m: UTF-8 characters) of each file or of standard input";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "lwcm");
        var all = !flags.Has('l') && !flags.Has('w') && !flags.Has('c') && !flags.Has('m');
        bool lines = all || flags.Has('l'), words = all || flags.Has('w'), bytes = all || flags.Has('c'), chars = flags.Has('m');
        return await TextInputs.EachAsync(context, flags.Operands, async (name, input) =>
        {
            var counts = new Counts();
            // Only the size is wanted and a file knows it: no need to read it.
            if (!lines && !words && !chars && TextInputs.Remaining(input) is { } size) counts.Bytes = size;
            else await counts.ReadAsync(input, words, chars, context.CancellationToken).ConfigureAwait(false);
            var parts = new List<string>();
            if (lines) parts.Add(counts.Lines.ToString(CultureInfo.InvariantCulture));
            if (words) parts.Add(counts.Words.ToString(CultureInfo.InvariantCulture));
            if (chars) parts.Add(counts.Chars.ToString(CultureInfo.InvariantCulture));
            if (bytes) parts.Add(counts.Bytes.ToString(CultureInfo.InvariantCulture));
            if (name is not null) parts.Add(name);
            await context.Out.WriteLineAsync(string.Join(' ', parts)).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private sealed class Counts
    {
        private bool _inWord;

        public long Lines { get; private set; }
        public long Words { get; private set; }
        public long Chars { get; private set; }
        public long Bytes { get; set; }

        public async ValueTask ReadAsync(Stream input, bool words, bool chars, CancellationToken ct)
        {
            var buffer = new byte[TextInputs.BufferSize];
            int read;
            while ((read = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                var data = buffer.AsSpan(0, read);
                Bytes += read;
                Lines += data.Count((byte)'\n');
                if (words) CountWords(data);
                // A character is a byte that does not continue a UTF-8 sequence.
                if (chars) Chars += read - CountContinuations(data);
            }
        }

        private void CountWords(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                var space = b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
                if (!space && !_inWord) Words++;
                _inWord = !space;
            }
        }

        private static int CountContinuations(ReadOnlySpan<byte> data)
        {
            var n = 0;
            foreach (var b in data)
            {
                if ((b & 0xC0) == 0x80) n++;
            }
            return n;
        }
    }
}
