using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.State;

/// <summary>Work the update asks for; its result comes back as a <see cref="BrowserEvent"/>.</summary>
public abstract record BrowserEffect
{
    private BrowserEffect()
    {
    }

    /// <summary>List a directory (answered by <see cref="BrowserEvent.Listed"/>).</summary>
    public sealed record LoadListing(VPath Path) : BrowserEffect;

    /// <summary>Read the preview of an entry (answered by <see cref="BrowserEvent.PreviewLoaded"/>).</summary>
    public sealed record LoadPreview(VPath Path, NsEntry Entry) : BrowserEffect;

    /// <summary>Revalidate an entry against its origin (answered by <see cref="BrowserEvent.Revalidated"/>).</summary>
    public sealed record Revalidate(VPath Path) : BrowserEffect;

    /// <summary>Purge clean cached copies at a path (answered by <see cref="BrowserEvent.Purged"/>).</summary>
    public sealed record Purge(VPath Path) : BrowserEffect;

    /// <summary>Wait <paramref name="Delay"/>, then say the listing is due for a refresh (answered by <see cref="BrowserEvent.ReloadDue"/>).</summary>
    public sealed record ReloadLater(TimeSpan Delay) : BrowserEffect;

    /// <summary>Describe the namespace (answered by <see cref="BrowserEvent.NamespaceLoaded"/>).</summary>
    public sealed record LoadNamespace : BrowserEffect;

    /// <summary>
    /// Wait until the write-back changes at and below <paramref name="Path"/> reached their origin or were parked, for a while at
    /// most (answered by <see cref="BrowserEvent.Flushed"/>).
    /// </summary>
    public sealed record Flush(VPath Path) : BrowserEffect;

    /// <summary>Wait <paramref name="Delay"/>, then read the upload queue (answered by <see cref="BrowserEvent.UploadQueueLoaded"/>).</summary>
    public sealed record LoadUploadQueue(TimeSpan Delay) : BrowserEffect;
}
