using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.State;

/// <summary>Something that happened: a key, a resize, or the result of an effect the browser asked for.</summary>
public abstract record BrowserEvent
{
    private BrowserEvent()
    {
    }

    /// <summary>A key was pressed.</summary>
    public sealed record KeyPressed(BrowserKey Key) : BrowserEvent;

    /// <summary>The terminal changed size.</summary>
    public sealed record Resized(TerminalSize Size) : BrowserEvent;

    /// <summary>A directory was listed (<paramref name="Error"/> set when it could not be).</summary>
    public sealed record Listed(VPath Path, IReadOnlyList<NsEntry> Entries, string? Error = null) : BrowserEvent;

    /// <summary>A preview was read.</summary>
    public sealed record PreviewLoaded(Preview Preview) : BrowserEvent;

    /// <summary>A change event from the namespace's watch.</summary>
    public sealed record Changed(ChangeEvent Change) : BrowserEvent;

    /// <summary>Changes have settled: time to list the directory again.</summary>
    public sealed record ReloadDue : BrowserEvent;

    /// <summary>An entry was revalidated against its origin (<paramref name="Entry"/> null and <paramref name="Error"/> set on failure).</summary>
    public sealed record Revalidated(VPath Path, NsEntry? Entry, string? Error = null) : BrowserEvent;

    /// <summary>Cached copies at a path were purged.</summary>
    public sealed record Purged(VPath Path, long Count, string? Error = null) : BrowserEvent;

    /// <summary>The namespace view's lines were made.</summary>
    public sealed record NamespaceLoaded(IReadOnlyList<string> Lines) : BrowserEvent;

    /// <summary>The upload queue of a write-back element changed (a change was made, uploaded, retried or parked).</summary>
    public sealed record UploadQueueChanged : BrowserEvent;

    /// <summary>The upload queue was read (<paramref name="Error"/> set when it could not be).</summary>
    public sealed record UploadQueueLoaded(IReadOnlyList<PendingChange> Queue, string? Error = null) : BrowserEvent;

    /// <summary>
    /// A flush of <paramref name="Path"/> ended: <paramref name="Waiting"/> changes were waiting for the uploader when it began,
    /// <paramref name="Left"/> are not at their origin now (parked, or still waiting when it gave up after
    /// <paramref name="TimedOutAfter"/>); <paramref name="Error"/> set when it could not be started.
    /// </summary>
    public sealed record Flushed(VPath Path, int Waiting, IReadOnlyList<PendingChange> Left, TimeSpan? TimedOutAfter = null, string? Error = null) : BrowserEvent;
}
