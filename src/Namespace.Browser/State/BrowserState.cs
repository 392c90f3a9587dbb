using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.State;

/// <summary>
/// Everything the browser shows, as one immutable value: <see cref="BrowserUpdate.Update"/> makes the
/// next one from an event, <see cref="Rendering.BrowserRender.Render"/> draws one.
/// </summary>
public sealed record BrowserState
{
    /// <summary>The directory listed.</summary>
    public required VPath Path { get; init; }

    /// <summary>The terminal size the state was laid out for (paging and scrolling depend on it).</summary>
    public required TerminalSize Size { get; init; }

    /// <summary>The directory's entries, sorted as listed.</summary>
    public IReadOnlyList<NsEntry> Entries { get; init; } = [];

    /// <summary>The entries the filter lets through, in listing order; the cursor moves over these.</summary>
    public IReadOnlyList<NsEntry> Visible { get; init; } = [];

    /// <summary>The filter: entries whose name contains it (case-insensitive) are shown.</summary>
    public string Filter { get; init; } = "";

    /// <summary>True while the filter is being typed (after <c>/</c>).</summary>
    public bool EditingFilter { get; init; }

    /// <summary>Index of the selected entry in <see cref="Visible"/>.</summary>
    public int Cursor { get; init; }

    /// <summary>Index in <see cref="Visible"/> of the first row shown.</summary>
    public int Top { get; init; }

    /// <summary>What the second pane shows.</summary>
    public BrowserView View { get; init; }

    /// <summary>The preview of the selected entry, once read.</summary>
    public Preview? Preview { get; init; }

    /// <summary>The namespace view's lines, once made.</summary>
    public IReadOnlyList<string> NamespaceLines { get; init; } = [];

    /// <summary>A one-line message for the status line (a result or an error), or null.</summary>
    public string? Message { get; init; }

    /// <summary>Why the directory could not be listed, or null.</summary>
    public string? ListingError { get; init; }

    /// <summary>True while a listing of <see cref="Path"/> is being read.</summary>
    public bool Loading { get; init; }

    /// <summary>True when a change arrived during a listing, so another listing follows it.</summary>
    public bool ReloadPending { get; init; }

    /// <summary>True while changes are settling before the listing is read again (see <see cref="BrowserUpdate.ChangeSettle"/>).</summary>
    public bool ReloadScheduled { get; init; }

    /// <summary>A name to put the cursor on when the listing arrives (the directory just left, going up).</summary>
    public string? SelectOnLoad { get; init; }

    /// <summary>The write-back upload queue, as last read.</summary>
    public UploadQueueCounts Uploads { get; init; } = UploadQueueCounts.None;

    /// <summary>True while the upload queue is being read.</summary>
    public bool UploadsLoading { get; init; }

    /// <summary>True when the queue changed while it was being read, so another read follows.</summary>
    public bool UploadsStale { get; init; }

    /// <summary>The directory being flushed (<c>f</c>), or null.</summary>
    public VPath? Flushing { get; init; }

    /// <summary>True once the user asked to quit.</summary>
    public bool Quit { get; init; }

    /// <summary>The entry under the cursor, or null in an empty listing.</summary>
    public NsEntry? Selected => Cursor >= 0 && Cursor < Visible.Count ? Visible[Cursor] : null;

    /// <summary>The namespace path of the entry under the cursor (null also for a name no path can hold, which is still shown).</summary>
    public VPath? SelectedPath => Selected is { } entry && VPath.IsValidName(entry.Name) ? Path.Child(entry.Name) : null;

    /// <summary>The state of a browser opened on <paramref name="path"/>, before its listing arrives.</summary>
    public static BrowserState Open(VPath path, TerminalSize size, string? select = null) =>
        new() { Path = path, Size = size, Loading = true, SelectOnLoad = select };
}
