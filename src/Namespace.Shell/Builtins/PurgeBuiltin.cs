using System.Globalization;
using Namespace.Caching;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>purge</c>: drop clean cached copies (never local changes) so the next read asks the origin.</summary>
internal sealed class PurgeBuiltin : IBuiltin
{
    public string Name => "purge";
    public string Usage => "purge [-a age] [path]";
    public string Summary => "drop clean cached copies under path (-a: only those not validated for age, e.g. 1h)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "", "a");
        if (flags.Operands.Count > 1) throw new UsageException("at most one path");
        TimeSpan? age = null;
        if (flags.Value('a') is { } text)
        {
            if (!CacheOptions.TryDuration(text, out var parsed)) throw new UsageException($"invalid age '{text}': expected a duration like 30s, 10m, 1h or 2d");
            age = parsed;
        }
        var path = flags.Operands.Count == 1 ? flags.Operands[0] : "/";
        var dropped = await context.Os.PurgeAsync(path, age, context.CancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"purged {dropped} cached {(dropped == 1 ? "entry" : "entries")} under {context.Os.ResolvePath(path)}")).ConfigureAwait(false);
        return 0;
    }
}
