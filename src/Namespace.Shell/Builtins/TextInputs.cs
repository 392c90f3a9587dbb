using Namespace.Core.Errors;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>
/// Runs a text filter over the bytes of each named file, or of standard input; a missing file is reported and the rest
/// go on. Filters see bytes, not decoded text, so what they pass on is what came in (invalid UTF-8, a BOM, a missing
/// final newline), as in Plan 9 and Unix tools.
/// </summary>
internal static class TextInputs
{
    /// <summary>The size of the buffer each filter reads through.</summary>
    public const int BufferSize = 64 * 1024;

    public static async ValueTask<int> EachAsync(CommandContext context, IReadOnlyList<string> paths, Func<string?, Stream, ValueTask> filter)
    {
        if (paths.Count == 0)
        {
            await filter(null, context.IO.Input).ConfigureAwait(false);
            return 0;
        }
        var status = 0;
        foreach (var path in paths)
        {
            try
            {
                await using var stream = await context.Os.OpenReadAsync(path, context.CancellationToken).ConfigureAwait(false);
                await filter(path, stream).ConfigureAwait(false);
            }
            catch (NamespaceException e)
            {
                await context.ErrorAsync(e).ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }

    /// <summary>The number given with <paramref name="flag"/>, or <paramref name="fallback"/> without it.</summary>
    public static long Count(Flags flags, char flag, long fallback)
    {
        var text = flags.Value(flag);
        if (text is null) return fallback;
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"invalid count '{text}'");
    }

    /// <summary>How many bytes remain in <paramref name="stream"/> when it can say so cheaply (a file), else null.</summary>
    public static long? Remaining(Stream stream)
    {
        if (!stream.CanSeek) return null;
        try
        {
            return Math.Max(0, stream.Length - stream.Position);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
