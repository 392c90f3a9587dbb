using System.Globalization;
using System.Text;
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
        var progress = context.IO.Error is ITerminalOutput { IsTerminal: true } ? await FlushProgress.StartAsync(context, path).ConfigureAwait(false) : null;
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
        finally
        {
            if (progress is not null) await progress.DisposeAsync().ConfigureAwait(false);
        }
        if (left.Count == 0) return 0;
        await context.ErrorAsync($"{Changes(left.Count)} could not be uploaded (resolve conflicts with resolve; see status)").ConfigureAwait(false);
        await UploadQueueText.WriteAsync(context.Out, left).ConfigureAwait(false);
        return 1;
    }

    internal static string Changes(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " change" : " changes");
}

/// <summary>
/// What <c>flush</c> shows on a terminal while it waits: one line on stderr, rewritten as the queue changes (at most five
/// times a second), cleared when the flush is over so that only what it prints stays.
/// </summary>
internal sealed class FlushProgress : IAsyncDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    private readonly CommandContext _context;
    private readonly string _path;
    private readonly CancellationTokenSource _stop = new();
    private readonly IDisposable _listening;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _showing = Task.CompletedTask;

    private FlushProgress(CommandContext context, string path)
    {
        _context = context;
        _path = path;
        _listening = context.Os.OnUploadQueueChanged(() => Volatile.Read(ref _changed).TrySetResult());
    }

    public static async Task<FlushProgress> StartAsync(CommandContext context, string path)
    {
        var progress = new FlushProgress(context, path);
        await progress.ShowAsync().ConfigureAwait(false);
        progress._showing = progress.ShowChangesAsync();
        return progress;
    }

    public async ValueTask DisposeAsync()
    {
        _listening.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _showing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        await WriteAsync("\r\u001b[K").ConfigureAwait(false);
    }

    private async Task ShowChangesAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Volatile.Read(ref _changed).Task.WaitAsync(_stop.Token).ConfigureAwait(false);
            Volatile.Write(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await ShowAsync().ConfigureAwait(false);
            await Task.Delay(Pause, _stop.Token).ConfigureAwait(false);
        }
    }

    private async Task ShowAsync()
    {
        var counts = UploadQueueCounts.Of(await _context.Os.UploadQueueAsync(_path, _stop.Token).ConfigureAwait(false));
        var text = $"flush: {FlushBuiltin.Changes(counts.Pending + counts.Uploading)} to upload";
        if (counts.Uploading > 0) text += string.Create(CultureInfo.InvariantCulture, $", {counts.Uploading} uploading");
        if (counts.Failed + counts.Conflicts > 0) text += string.Create(CultureInfo.InvariantCulture, $", {counts.Failed + counts.Conflicts} failed or in conflict");
        await WriteAsync($"\r{text}\u001b[K").ConfigureAwait(false);
    }

    private async Task WriteAsync(string text)
    {
        await _context.IO.Error.WriteAsync(Encoding.UTF8.GetBytes(text), CancellationToken.None).ConfigureAwait(false);
        await _context.IO.Error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
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
