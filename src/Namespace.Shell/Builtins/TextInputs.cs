using System.Text;
using Namespace.Core.Errors;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>Runs a text filter over each named file, or standard input; a missing file is reported and the rest go on.</summary>
internal static class TextInputs
{
    public static async ValueTask<int> EachAsync(CommandContext context, IReadOnlyList<string> paths, Func<string?, TextReader, ValueTask> filter)
    {
        if (paths.Count == 0)
        {
            using var stdin = new StreamReader(context.IO.Input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            await filter(null, stdin).ConfigureAwait(false);
            return 0;
        }
        var status = 0;
        foreach (var path in paths)
        {
            try
            {
                await using var stream = await context.Os.OpenReadAsync(path, context.CancellationToken).ConfigureAwait(false);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                await filter(path, reader).ConfigureAwait(false);
            }
            catch (NamespaceException e)
            {
                await context.ErrorAsync(e).ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }

    public static int Count(Flags flags, int fallback)
    {
        var text = flags.Value('n');
        if (text is null) return fallback;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"invalid count '{text}'");
    }
}
