using System.Text.RegularExpressions;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>grep</c>: lines matching a regular expression.</summary>
internal sealed class GrepBuiltin : IBuiltin
{
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
            regex = new Regex(flags.Operands[0], options, TimeSpan.FromSeconds(2));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"invalid pattern: {e.Message}");
        }
        var paths = flags.Operands.Skip(1).ToArray();
        var matched = 0L;
        var status = await TextInputs.EachAsync(context, paths, async (name, reader) =>
        {
            long number = 0, count = 0;
            while (await reader.ReadLineAsync(context.CancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                if (regex.IsMatch(line) == flags.Has('v')) continue;
                count++;
                if (flags.Has('c')) continue;
                var prefix = (paths.Length > 1 ? name + ":" : "") + (flags.Has('n') ? number + ":" : "");
                await context.Out.WriteLineAsync(prefix + line).ConfigureAwait(false);
            }
            if (flags.Has('c')) await context.Out.WriteLineAsync((paths.Length > 1 ? name + ":" : "") + count).ConfigureAwait(false);
            matched += count;
        }).ConfigureAwait(false);
        return status != 0 ? 2 : matched > 0 ? 0 : 1;
    }
}
