using Namespace.Browser.State;
using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;

namespace Namespace.Browser.Effects;

/// <summary>
/// Runs the effects the update asks for against a namespace, each answering with an event. Failures
/// (a namespace error, an unreachable origin) are answered with events that carry the message, never thrown.
/// </summary>
/// <param name="os">The namespace browsed.</param>
public sealed class BrowserEffects(VirtualOS os)
{
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
                    await foreach (var entry in os.ListAsync(load.Path, cancellationToken).ConfigureAwait(false)) entries.Add(entry);
                    return new BrowserEvent.Listed(load.Path, entries.ToArray());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return new BrowserEvent.Listed(load.Path, [], e.Message);
                }
            case BrowserEffect.LoadPreview preview:
                return new BrowserEvent.PreviewLoaded(await PreviewReader.ReadAsync(os, preview.Path, preview.Entry, cancellationToken).ConfigureAwait(false));
            case BrowserEffect.Revalidate revalidate:
                try
                {
                    var entry = await os.RevalidateAsync(revalidate.Path.Value, cancellationToken).ConfigureAwait(false);
                    return new BrowserEvent.Revalidated(revalidate.Path, entry);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return new BrowserEvent.Revalidated(revalidate.Path, null, "revalidate: " + e.Message);
                }
            case BrowserEffect.Purge purge:
                try
                {
                    var count = await os.PurgeAsync(purge.Path.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
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
                return new BrowserEvent.NamespaceLoaded(NamespaceTree.Lines(os.Mounts));
            default:
                throw new ArgumentException($"unknown effect {effect}", nameof(effect));
        }
    }
}
