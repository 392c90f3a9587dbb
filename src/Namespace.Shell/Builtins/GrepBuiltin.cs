using System.Text;
using System.Text.RegularExpressions;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>
/// <c>grep</c>: lines matching a regular expression. Each line is matched as UTF-8 text and printed as the bytes it
/// was; a line longer than <see cref="MaxLineLength"/> is an error, so input cannot make it hold any amount.
/// </summary>
internal sealed class GrepBuiltin : IBuiltin
{
    /// <summary>The longest line grep holds to match.</summary>
    public const int MaxLineLength = 16 * 1024 * 1024;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public string Name => "grep";
    public string Usage => "grep [-v] [-i] [-n] [-c] pattern [path...]";
    public string Summary => "print lines matching a .NET regular expression (-v: not matching; -i: any case; -n: numbers; -c: count); false when none match";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "vinc");
        if (flags.Operands.Count == 0) throw new UsageException("missing pattern");
        Regex regex;
        try
        {
            var options = RegexOptions.CultureInvariant | (flags.Has('i') ? RegexOptions.IgnoreCase : RegexOptions.None);
            regex = new Regex(flags.Operands[0], options, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"invalid pattern: {e.Message}");
        }
        var paths = flags.Operands.Skip(1).ToArray();
        var output = context.IO.Output;
        var ct = context.CancellationToken;
        var matched = 0L;
        var failed = false;
        var status = await TextInputs.EachAsync(context, paths, async (name, input) =>
        {
            long number = 0, count = 0;
            var prefixName = paths.Length > 1 ? name + ":" : "";
            var line = new MemoryStream();
            var buffer = new byte[TextInputs.BufferSize];
            async ValueTask<bool> LineAsync()
            {
                number++;
                var bytes = line.GetBuffer().AsMemory(0, (int)line.Length);
                bool isMatch;
                try
                {
                    isMatch = regex.IsMatch(Encoding.UTF8.GetString(bytes.Span));
                }
                catch (RegexMatchTimeoutException)
                {
                    await context.ErrorAsync($"{name ?? "standard input"}: line {number}: the pattern took longer than {MatchTimeout.TotalSeconds:0} s to match").ConfigureAwait(false);
                    return false;
                }
                if (isMatch != flags.Has('v'))
                {
                    count++;
                    if (!flags.Has('c'))
                    {
                        var prefix = prefixName + (flags.Has('n') ? number + ":" : "");
                        if (prefix.Length > 0) await output.WriteAsync(Encoding.UTF8.GetBytes(prefix), ct).ConfigureAwait(false);
                        await output.WriteAsync(bytes, ct).ConfigureAwait(false);
                        await output.WriteAsync("\n"u8.ToArray(), ct).ConfigureAwait(false);
                    }
                }
                line.SetLength(0);
                return true;
            }
            int read;
            while ((read = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                var start = 0;
                for (var i = 0; i <= read; i++)
                {
                    var atEnd = i == read;
                    if (!atEnd && buffer[i] != (byte)'\n') continue;
                    if (line.Length + (i - start) > MaxLineLength)
                    {
                        await context.ErrorAsync($"{name ?? "standard input"}: line {number + 1} is longer than {MaxLineLength / (1024 * 1024)} MiB").ConfigureAwait(false);
                        failed = true;
                        return;
                    }
                    line.Write(buffer, start, i - start);
                    start = i + 1;
                    if (atEnd) break;
                    if (!await LineAsync().ConfigureAwait(false))
                    {
                        failed = true;
                        return;
                    }
                }
            }
            // The last line, unfinished (printed with a newline, as grep does).
            if (line.Length > 0 && !await LineAsync().ConfigureAwait(false))
            {
                failed = true;
                return;
            }
            if (flags.Has('c')) await output.WriteAsync(Encoding.UTF8.GetBytes(prefixName + count + "\n"), ct).ConfigureAwait(false);
            matched += count;
        }).ConfigureAwait(false);
        return status != 0 || failed ? 2 : matched > 0 ? 0 : 1;
    }
}
