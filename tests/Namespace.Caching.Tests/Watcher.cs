using Namespace.Core.Namespaces;
using Namespace.Core.Providers;

namespace Namespace.Caching.Tests;

/// <summary>A watcher of a namespace path, subscribed once <see cref="Start"/> returns.</summary>
internal sealed class Watcher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(20));
    private readonly IAsyncEnumerator<ChangeEvent> _events;
    private ValueTask<bool> _next;

    private Watcher(VirtualOS os, string path)
    {
        _events = os.Watch(path, cancellationToken: _stop.Token).GetAsyncEnumerator(_stop.Token);
        // Runs the watcher up to its first wait: its subscriptions are made.
        _next = _events.MoveNextAsync();
    }

    public static Watcher Start(VirtualOS os, string path) => new(os, path);

    /// <summary>Completes with the first change passed on from now that <paramref name="match"/> accepts.</summary>
    public async Task UntilAsync(Func<ChangeEvent, bool> match)
    {
        while (await _next)
        {
            var change = _events.Current;
            _next = _events.MoveNextAsync();
            if (match(change)) return;
        }
        Assert.Fail("the watcher ended");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _next;
        }
        catch (OperationCanceledException)
        {
        }
        await _events.DisposeAsync();
        _stop.Dispose();
    }
}
