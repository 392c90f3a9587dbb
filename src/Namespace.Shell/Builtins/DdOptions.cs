using System.Globalization;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>
/// <c>dd</c>'s arguments, Plan 9 style: <c>-name value</c> pairs (the last of a name counts), sizes with Plan 9's
/// suffixes. Offsets and the limit are turned into bytes here, so an overflow is a usage error before anything is opened.
/// </summary>
internal sealed class DdOptions
{
    private static readonly string[] Names = ["if", "of", "bs", "iseek", "oseek", "count", "trunc", "quiet"];

    private DdOptions()
    {
    }

    /// <summary>The file to read, or null for standard input.</summary>
    public string? InputPath { get; private init; }

    /// <summary>The file to write, or null for standard output.</summary>
    public string? OutputPath { get; private init; }

    /// <summary>The block size in bytes (at least 1).</summary>
    public long BlockSize { get; private init; }

    /// <summary>Where reading starts, in bytes from the input's current position.</summary>
    public long InputOffset { get; private init; }

    /// <summary>Where writing starts in the output file, in bytes.</summary>
    public long OutputOffset { get; private init; }

    /// <summary>How many bytes to copy at most: <c>-count</c> blocks, or <see cref="long.MaxValue"/>.</summary>
    public long Limit { get; private init; }

    /// <summary>False with <c>-trunc 0</c>: the output file keeps its bytes after those written.</summary>
    public bool Truncate { get; private init; }

    /// <summary>True with <c>-quiet</c> other than 0: no records report.</summary>
    public bool Quiet { get; private init; }

    /// <exception cref="UsageException">An unknown flag, a flag without a value, an operand, or a value that is not a size or is out of range.</exception>
    public static DdOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var flag = args[i];
            if (flag.Length < 2 || flag[0] != '-') throw new UsageException($"unexpected argument '{flag}'");
            if (!Names.Contains(flag[1..])) throw new UsageException($"unknown flag {flag}");
            if (i + 1 == args.Count) throw new UsageException($"flag {flag} needs a value");
            values[flag[1..]] = args[i + 1];
        }
        var blockSize = Size(values, "bs") ?? 512;
        if (blockSize == 0) throw new UsageException("-bs must be at least 1");
        // Standard output is a stream to the next command or a file being replaced: there is nothing to seek into.
        if (values.ContainsKey("oseek") && !values.ContainsKey("of")) throw new UsageException("-oseek needs -of");
        return new DdOptions
        {
            InputPath = values.GetValueOrDefault("if"),
            OutputPath = values.GetValueOrDefault("of"),
            BlockSize = blockSize,
            InputOffset = Blocks(values, "iseek", blockSize) ?? 0,
            OutputOffset = Blocks(values, "oseek", blockSize) ?? 0,
            Limit = Blocks(values, "count", blockSize) ?? long.MaxValue,
            Truncate = (Size(values, "trunc") ?? 1) != 0,
            Quiet = (Size(values, "quiet") ?? 0) != 0,
        };
    }

    private static long? Blocks(Dictionary<string, string> values, string name, long blockSize)
    {
        if (Size(values, name) is not { } blocks) return null;
        try
        {
            return checked(blocks * blockSize);
        }
        catch (OverflowException)
        {
            throw new UsageException($"-{name} {values[name]} blocks of {blockSize} bytes is out of range");
        }
    }

    private static long? Size(Dictionary<string, string> values, string name)
    {
        if (!values.TryGetValue(name, out var text)) return null;
        try
        {
            return Number(text, 0) ?? throw new UsageException($"invalid -{name} '{text}'");
        }
        catch (OverflowException)
        {
            throw new UsageException($"-{name} {text} is out of range");
        }
    }

    // Plan 9's grammar: digits, then suffixes that each multiply (k 1024, m 1024², b 512, and g 1024³, which Plan 9
    // lacks), and x followed by another such number to multiply by. Null when the text is not one: a sign, a
    // fraction or a stray letter is a mistake to report, not a number to guess at.
    private static long? Number(string text, int start)
    {
        var i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == start) return null;
        var n = long.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
        for (; i < text.Length; i++)
        {
            switch (text[i])
            {
                case 'k': n = checked(n * 1024); break;
                case 'm': n = checked(n * 1024 * 1024); break;
                case 'g': n = checked(n * 1024 * 1024 * 1024); break;
                case 'b': n = checked(n * 512); break;
                case 'x': return Number(text, i + 1) is { } factor ? checked(n * factor) : null;
                default: return null;
            }
        }
        return n;
    }
}
