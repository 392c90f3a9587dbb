using Namespace.Browser.State;
using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.Effects;

/// <summary>
/// Runs the effects the update asks for against a namespace, each answering with an event. Failures
/// (a namespace error, an unreachable origin) are answered with events that carry the message, never thrown.
/// </summary>
public sealed class BrowserEffects
{
    /// <summary>How long <c>f</c> waits for its flush before it says what is left: an origin that is down would keep it forever.</summary>
    public static readonly TimeSpan DefaultFlushTimeout = TimeSpan.FromSeconds(30);

    private readonly VirtualOS _os;
    private readonly TimeSpan _flushTimeout;

    /// <summary>Runs effects against <paramref name="os"/>.</summary>
    /// <param name="os">The namespace browsed.</param>
    /// <param name="flushTimeout">How long a flush waits (<see cref="DefaultFlushTimeout"/> when null).</param>
    public BrowserEffects(VirtualOS os, TimeSpan? flushTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(os);
        _os = os;
        _flushTimeout = flushTimeout ?? DefaultFlushTimeout;
    }

    /// <summary>Runs <paramref name="effect"/> and returns the event that answers it.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<BrowserEvent> RunAsync(BrowserEffect effect, CancellationToken cancellationToken)
    {
        switch (effect)
        {
            case BrowserEffect.LoadListing load:
                try
                {
                    var entries = new List<NsEntry>();
                    await foreach (var entry in _os.ListAsync(load.Path, cancellationToken).ConfigureAwait(false)) entries.Add(entry);
                    return new BrowserEvent.Listed(load.Path, entries.ToArray());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return new BrowserEvent.Listed(load.Path, [], e.Message);
                }
            case BrowserEffect.LoadPreview preview:
                return new BrowserEvent.PreviewLoaded(await PreviewReader.ReadAsync(_os, preview.Path, preview.Entry, cancellationToken).ConfigureAwait(false));
            case BrowserEffect.Revalidate revalidate:
                try
                {
                    var entry = await _os.RevalidateAsync(revalidate.Path.Value, cancellationToken).ConfigureAwait(false);
                    return new BrowserEvent.Revalidated(revalidate.Path, entry);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return new BrowserEvent.Revalidated(revalidate.Path, null, "revalidate: " + e.Message);
                }
            case BrowserEffect.Purge purge:
                try
                {
                    var count = await _os.PurgeAsync(purge.Path.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return new BrowserEvent.Purged(purge.Path, count);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return new BrowserEvent.Purged(purge.Path, 0, "purge: " + e.Message);
                }
            case BrowserEffect.ReloadLater later:
                await Task.Delay(later.Delay, cancellationToken).ConfigureAwait(false);
                return new BrowserEvent.ReloadDue();
            case BrowserEffect.LoadNamespace:
                return new BrowserEvent.NamespaceLoaded(NamespaceTree.Lines(_os.Mounts));
            case BrowserEffect.Flush flush:
                return await FlushAsync(flush.Path, cancellationToken).ConfigureAwait(false);
            case BrowserEffect.LoadUploadQueue load:
                if (load.Delay > TimeSpan.Zero) await Task.Delay(load.Delay, cancellationToken).ConfigureAwait(false);
                try
                {
                    return new BrowserEvent.UploadQueueLoaded(await _os.UploadQueueAsync("/", cancellationToken).ConfigureAwait(false));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return new BrowserEvent.UploadQueueLoaded([], e.Message);
                }
            default:
                throw new ArgumentException($"unknown effect {effect}", nameof(effect));
        }
    }

    private async Task<BrowserEvent> FlushAsync(VPath path, CancellationToken cancellationToken)
    {
        try
        {
            var waiting = (await _os.UploadQueueAsync(path.Value, cancellationToken).ConfigureAwait(false)).Count(c => !c.IsParked);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_flushTimeout);
            try
            {
                return new BrowserEvent.Flushed(path, waiting, await _os.FlushAsync(path.Value, limit.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Gave up waiting; what was uploaded stays uploaded, and the uploader goes on with the rest.
                return new BrowserEvent.Flushed(path, waiting, await _os.UploadQueueAsync(path.Value, cancellationToken).ConfigureAwait(false), _flushTimeout);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new BrowserEvent.Flushed(path, 0, [], Error: e.Message);
        }
    }
}
