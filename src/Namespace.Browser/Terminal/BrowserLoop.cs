using System.Threading.Channels;
using Namespace.Browser.Effects;
using Namespace.Browser.Rendering;
using Namespace.Browser.State;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.Terminal;

/// <summary>
/// The browser's event loop: keys, change events for the listed directory, upload queue changes, resizes and the answers of
/// effects all arrive on one queue; the loop applies them through <see cref="BrowserUpdate.Update"/>, starts
/// the effects they ask for without waiting for them, and draws a frame once the queue is drained. Input is
/// never blocked by a slow listing or preview.
/// </summary>
public static class BrowserLoop
{
    /// <summary>How often the terminal size is checked.</summary>
    public static readonly TimeSpan ResizeCheck = TimeSpan.FromMilliseconds(150);

    /// <summary>Runs the browser on <paramref name="terminal"/> until the user quits, input ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="os">The namespace browsed.</param>
    /// <param name="directory">The directory opened first.</param>
    /// <param name="select">A name in <paramref name="directory"/> to put the cursor on, or null.</param>
    /// <param name="terminal">Where keys come from and frames go.</param>
    /// <param name="cancellationToken">Ends the browser.</param>
    /// <returns>The last state.</returns>
    public static async Task<BrowserState> RunAsync(VirtualOS os, VPath directory, string? select, IBrowserTerminal terminal, CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<BrowserEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var effects = new BrowserEffects(os);
        CancellationTokenSource? preview = null;
        var start = BrowserUpdate.Start(BrowserState.Open(directory, terminal.Size, select));
        var state = start.State;

        void Start(BrowserEffect effect)
        {
            var token = stop.Token;
            if (effect is BrowserEffect.LoadPreview)
            {
                // Only the newest preview matters: moving on cancels the read of the last one.
                preview?.Cancel();
                preview?.Dispose();
                preview = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                token = preview.Token;
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    events.Writer.TryWrite(await effects.RunAsync(effect, token).ConfigureAwait(false));
                }
                catch (OperationCanceledException)
                {
                }
            }, CancellationToken.None);
        }

        var workers = new List<Task>
        {
            Task.Run(() => ReadKeysAsync(terminal, events.Writer, stop.Token), CancellationToken.None),
            Task.Run(() => WatchSizeAsync(terminal, state.Size, events.Writer, stop.Token), CancellationToken.None),
        };
        // Change events for the listed directory only: a new watch each time the browser moves.
        CancellationTokenSource? watch = null;
        VPath? watched = null;
        void Follow(VPath path)
        {
            if (watched == path) return;
            watch?.Cancel();
            watch?.Dispose();
            watch = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            watched = path;
            var token = watch.Token;
            // Subscribed here, before the listing is loaded, so a change made once the listing shows is never missed.
            var changes = StartWatching(os, path, token);
            workers.Add(Task.Run(() => WatchAsync(changes, events.Writer, token), CancellationToken.None));
        }

        // Subscribed before the queue is first read, so no change to it is missed.
        using var uploads = os.OnUploadQueueChanged(() => events.Writer.TryWrite(new BrowserEvent.UploadQueueChanged()));
        try
        {
            Follow(directory);
            foreach (var effect in start.Effects) Start(effect);
            terminal.Draw(BrowserRender.Render(state, state.Size));
            while (await events.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (events.Reader.TryRead(out var @event))
                {
                    var step = BrowserUpdate.Update(state, @event);
                    state = step.State;
                    if (state.Quit) return state;
                    Follow(state.Path);
                    foreach (var effect in step.Effects) Start(effect);
                }
                terminal.Draw(BrowserRender.Render(state, state.Size));
            }
            return state;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return state;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
            preview?.Dispose();
            watch?.Dispose();
        }
    }

    private static async Task ReadKeysAsync(IBrowserTerminal terminal, ChannelWriter<BrowserEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            while (await terminal.ReadKeyAsync(cancellationToken).ConfigureAwait(false) is { } key)
                events.TryWrite(new BrowserEvent.KeyPressed(key));
            // Input ended: nothing more can be asked, so quit (as Ctrl+C, which quits even while typing a filter).
            events.TryWrite(new BrowserEvent.KeyPressed(new BrowserKey(ConsoleKey.C, '\x03', Control: true)));
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The watch's first step runs now, on the caller's thread: it subscribes to every element before it waits for a change.
    private static (IAsyncEnumerator<ChangeEvent>? Changes, ValueTask<bool> First) StartWatching(VirtualOS os, VPath path, CancellationToken cancellationToken)
    {
        try
        {
            var changes = os.Watch(path.Value, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
            return (changes, changes.MoveNextAsync());
        }
        catch (NamespaceException)
        {
            return (null, ValueTask.FromResult(false)); // nothing serving this directory reports changes
        }
    }

    private static async Task WatchAsync((IAsyncEnumerator<ChangeEvent>? Changes, ValueTask<bool> First) watch, ChannelWriter<BrowserEvent> events, CancellationToken cancellationToken)
    {
        if (watch.Changes is not { } changes) return;
        try
        {
            await using (changes.ConfigureAwait(false))
            {
                for (var more = await watch.First.ConfigureAwait(false); more; more = await changes.MoveNextAsync().ConfigureAwait(false))
                    events.TryWrite(new BrowserEvent.Changed(changes.Current));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (NamespaceException)
        {
            // Nothing serving this directory reports changes (or it is gone): the listing is then refreshed by the user's keys only.
        }
    }

    private static async Task WatchSizeAsync(IBrowserTerminal terminal, TerminalSize size, ChannelWriter<BrowserEvent> events, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ResizeCheck);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = terminal.Size;
                if (now == size) continue;
                size = now;
                events.TryWrite(new BrowserEvent.Resized(now));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
