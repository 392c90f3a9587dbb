using System.Text;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>wc</c>: count lines, words and bytes.</summary>
internal sealed class WcBuiltin : IBuiltin
{
    public string Name => "wc";
    public string Usage => "wc [-l] [-w] [-c] [path...]";
    public string Summary => "count lines, words and bytes (UTF-8) of each file or of standard input";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "lwc");
        var all = !flags.Has('l') && !flags.Has('w') && !flags.Has('c');
        return await TextInputs.EachAsync(context, flags.Operands, async (name, reader) =>
        {
            long lines = 0, words = 0, bytes = 0;
            var buffer = new char[16 * 1024];
            var inWord = false;
            int read;
            while ((read = await reader.ReadAsync(buffer, context.CancellationToken).ConfigureAwait(false)) > 0)
            {
                bytes += Encoding.UTF8.GetByteCount(buffer, 0, read);
                for (var i = 0; i < read; i++)
                {
                    var c = buffer[i];
                    if (c == '\n') lines++;
                    var space = char.IsWhiteSpace(c);
                    if (!space && !inWord) words++;
                    inWord = !space;
                }
            }
            var parts = new List<string>();
            if (all || flags.Has('l')) parts.Add(lines.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (all || flags.Has('w')) parts.Add(words.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (all || flags.Has('c')) parts.Add(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (name is not null) parts.Add(name);
            await context.Out.WriteLineAsync(string.Join(' ', parts)).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
