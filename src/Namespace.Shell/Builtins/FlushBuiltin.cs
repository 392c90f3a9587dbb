using System.Globalization;
using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>
/// <c>flush</c>: the write-back barrier. Waits until every change under the path reached its origin or was parked
/// (failed, conflict), then prints what is left and fails when anything is.
/// </summary>
internal sealed class FlushBuiltin : IBuiltin
{
    public string Name => "flush";
    public string Usage => "flush [-t timeout] [path]";
    public string Summary => "wait until the local changes under path reached their origin; print what could not (-t: give up after timeout, e.g. 30s)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "", "t");
        if (flags.Operands.Count > 1) throw new UsageException("at most one path");
        TimeSpan? timeout = null;
        if (flags.Value('t') is { } text)
        {
            if (!CacheOptions.TryDuration(text, out var parsed) || parsed == TimeSpan.Zero) throw new UsageException($"invalid timeout '{text}': expected a duration like 30s, 10m or 1h");
            timeout = parsed;
        }
        var path = flags.Operands.Count == 1 ? flags.Operands[0] : "/";
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        if (timeout is { } t) limit.CancelAfter(t);
        IReadOnlyList<PendingChange> left;
        try
        {
            left = await context.Os.FlushAsync(path, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            var waiting = await context.Os.UploadQueueAsync(path, context.CancellationToken).ConfigureAwait(false);
            await context.ErrorAsync(string.Create(CultureInfo.InvariantCulture,
                $"timed out after {CacheOptions.Text(timeout!.Value)}: {Changes(waiting.Count)} not uploaded yet")).ConfigureAwait(false);
            await UploadQueueText.WriteAsync(context.Out, waiting).ConfigureAwait(false);
            return 1;
        }
        if (left.Count == 0) return 0;
        await context.ErrorAsync($"{Changes(left.Count)} could not be uploaded (resolve conflicts with resolve; see status)").ConfigureAwait(false);
        await UploadQueueText.WriteAsync(context.Out, left).ConfigureAwait(false);
        return 1;
    }

    private static string Changes(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " change" : " changes");
}

/// <summary>How the shell prints changes waiting in write-back journals: one line each, state, path, reason.</summary>
internal static class UploadQueueText
{
    public static async Task WriteAsync(TextWriter output, IEnumerable<PendingChange> changes, int limit = int.MaxValue)
    {
        var shown = 0;
        foreach (var change in changes)
        {
            if (shown++ == limit) break;
            await output.WriteLineAsync(Line(change)).ConfigureAwait(false);
        }
    }

    public static string Line(PendingChange change)
    {
        var what = change.Change switch
        {
            JournalChange.Write => "write",
            JournalChange.Directory => "mkdir",
            _ => "remove",
        };
        var reason = change.Reason is { } r ? ": " + r : "";
        var attempts = change.Attempts > 0 && !change.IsParked ? string.Create(CultureInfo.InvariantCulture, $" (attempt {change.Attempts + 1})") : "";
        return $"{change.State.ToString().ToLowerInvariant()} {what} {RcQuote.Quote(change.Path.Value)}{attempts}{reason}";
    }
}
