using System.Globalization;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.State;

/// <summary>The browser's behaviour as one pure function: a state and an event give the next state and the effects to run.</summary>
public static class BrowserUpdate
{
    /// <summary>
    /// How long change events settle before the listing is read again: a burst of changes (a <c>cp -r</c>)
    /// costs one listing, and cache elements, which drop their copies when the same events reach them,
    /// have done so by then.
    /// </summary>
    public static readonly TimeSpan ChangeSettle = TimeSpan.FromMilliseconds(100);

    /// <summary>The first step of a browser opened in <paramref name="state"/>: its listing and the upload queue are read.</summary>
    public static BrowserStep Start(BrowserState state) =>
        new(state with { Loading = true, UploadsLoading = true }, [new BrowserEffect.LoadListing(state.Path), new BrowserEffect.LoadUploadQueue(TimeSpan.Zero)]);

    /// <summary>The next state after <paramref name="event"/>, and the work it asks for. Never does I/O.</summary>
    public static BrowserStep Update(BrowserState state, BrowserEvent @event) => @event switch
    {
        BrowserEvent.KeyPressed k => OnKey(state, k.Key),
        BrowserEvent.Resized r => Scroll(state with { Size = r.Size }, state.Cursor),
        BrowserEvent.Listed l => OnListed(state, l),
        BrowserEvent.PreviewLoaded p => p.Preview.Path == state.SelectedPath ? state with { Preview = p.Preview } : state,
        BrowserEvent.Changed c => !Affects(state, c.Change) || state.ReloadScheduled
            ? state
            : new BrowserStep(state with { ReloadScheduled = true }, [new BrowserEffect.ReloadLater(ChangeSettle)]),
        BrowserEvent.ReloadDue => Reload(state with { ReloadScheduled = false }),
        BrowserEvent.Revalidated r => OnRevalidated(state, r),
        BrowserEvent.Purged p => OnPurged(state, p),
        BrowserEvent.NamespaceLoaded n => state with { NamespaceLines = n.Lines },
        // Queue changes come in bursts (a cp -r): they settle, and one read at a time follows them.
        BrowserEvent.UploadQueueChanged => state.UploadsLoading
            ? state with { UploadsStale = true }
            : new BrowserStep(state with { UploadsLoading = true }, [new BrowserEffect.LoadUploadQueue(ChangeSettle)]),
        BrowserEvent.UploadQueueLoaded q => OnUploadQueueLoaded(state, q),
        BrowserEvent.Flushed f => state with { Flushing = null, Message = FlushedText(f) },
        _ => state,
    };

    private static BrowserStep OnKey(BrowserState state, BrowserKey key)
    {
        if (key.IsInterrupt) return state with { Quit = true };
        if (state.EditingFilter)
        {
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    return state with { EditingFilter = false };
                case ConsoleKey.Escape:
                    return WithFilter(state with { EditingFilter = false }, "");
                case ConsoleKey.Backspace:
                    return state.Filter.Length == 0
                        ? state with { EditingFilter = false }
                        : WithFilter(state, state.Filter[..^1]);
            }
            if (key.Char >= ' ' && key.Char != '\x7f' && !key.Control) return WithFilter(state, state.Filter + key.Char);
        }
        var page = Math.Max(1, BrowserLayout.For(state.Size).ListingRows);
        switch (key.Key)
        {
            case ConsoleKey.UpArrow: return MoveTo(state, state.Cursor - 1);
            case ConsoleKey.DownArrow: return MoveTo(state, state.Cursor + 1);
            case ConsoleKey.PageUp: return MoveTo(state, state.Cursor - page);
            case ConsoleKey.PageDown: return MoveTo(state, state.Cursor + page);
            case ConsoleKey.Home: return MoveTo(state, 0);
            case ConsoleKey.End: return MoveTo(state, state.Visible.Count - 1);
            case ConsoleKey.Enter or ConsoleKey.RightArrow: return Enter(state);
            case ConsoleKey.Backspace or ConsoleKey.LeftArrow: return Up(state);
            case ConsoleKey.Escape: return state.Filter.Length > 0 ? WithFilter(state, "") : state with { Message = null };
        }
        switch (key.Char)
        {
            case '/':
                return state with { EditingFilter = true, Message = null };
            case 'q':
                return state with { Quit = true };
            case 'f' when state.Flushing is { } flushing:
                return state with { Message = $"still flushing {flushing.Value}..." };
            case 'f':
                return new BrowserStep(state with { Flushing = state.Path, Message = $"flushing {state.Path.Value}..." }, [new BrowserEffect.Flush(state.Path)]);
            case 'n':
                return state.View == BrowserView.Namespace
                    ? WithPreview(state with { View = BrowserView.Preview })
                    : new BrowserStep(state with { View = BrowserView.Namespace }, [new BrowserEffect.LoadNamespace()]);
            case 'r' when state.SelectedPath is { } path:
                return new BrowserStep(state with { Message = $"revalidating {state.Selected!.Name}..." }, [new BrowserEffect.Revalidate(path)]);
            case 'p' when state.SelectedPath is { } path:
                return new BrowserStep(state with { Message = $"purging {state.Selected!.Name}..." }, [new BrowserEffect.Purge(path)]);
            case 'r' or 'p':
                return state with { Message = "nothing selected" };
        }
        return state;
    }

    private static BrowserStep Enter(BrowserState state)
    {
        if (state.Selected is not { IsDirectory: true } || state.SelectedPath is not { } path) return state;
        return Open(state, path, select: null);
    }

    private static BrowserStep Up(BrowserState state) =>
        state.Path.IsRoot ? state : Open(state, state.Path.Parent, select: state.Path.Name);

    private static BrowserStep Open(BrowserState state, VPath path, string? select) =>
        new(BrowserState.Open(path, state.Size, select) with
        {
            View = state.View,
            NamespaceLines = state.NamespaceLines,
            Uploads = state.Uploads,
            UploadsLoading = state.UploadsLoading,
            UploadsStale = state.UploadsStale,
            Flushing = state.Flushing,
            Message = state.Flushing is { } flushing ? $"flushing {flushing.Value}..." : null,
        }, [new BrowserEffect.LoadListing(path)]);

    private static BrowserStep OnListed(BrowserState state, BrowserEvent.Listed listed)
    {
        if (listed.Path != state.Path) return state;
        var keep = state.SelectOnLoad ?? state.Selected?.Name;
        var next = state with
        {
            Entries = listed.Entries,
            Visible = Filtered(listed.Entries, state.Filter),
            ListingError = listed.Error,
            Loading = state.ReloadPending,
            ReloadPending = false,
            SelectOnLoad = null,
        };
        var cursor = keep is null ? state.Cursor : IndexOf(next.Visible, keep) ?? state.Cursor;
        var step = MoveTo(next, cursor, forcePreview: true);
        return state.ReloadPending
            ? new BrowserStep(step.State, [new BrowserEffect.LoadListing(state.Path), .. step.Effects])
            : step;
    }

    private static BrowserStep OnRevalidated(BrowserState state, BrowserEvent.Revalidated r)
    {
        if (r.Error is not null || r.Entry is null) return state with { Message = r.Error };
        var message = $"revalidated {r.Path.Name}: {NsEntryText.State(r.Entry.Cache)}, served by {r.Entry.ServedBy}";
        if (r.Path.Parent != state.Path) return state with { Message = message };
        var entries = state.Entries.Select(e => e.Name == r.Path.Name ? r.Entry with { Name = e.Name } : e).ToArray();
        var selected = state.Selected?.Name;
        var next = state with { Entries = entries, Visible = Filtered(entries, state.Filter), Message = message };
        return selected == r.Path.Name ? WithPreview(next) : next;
    }

    private static BrowserStep OnPurged(BrowserState state, BrowserEvent.Purged p)
    {
        if (p.Error is not null) return state with { Message = p.Error };
        var copies = p.Count == 1 ? "1 cached copy" : $"{p.Count} cached copies";
        return Reload(state with { Message = $"purged {p.Path.Name}: {copies} dropped" });
    }

    private static BrowserStep OnUploadQueueLoaded(BrowserState state, BrowserEvent.UploadQueueLoaded loaded)
    {
        var next = state with
        {
            Uploads = loaded.Error is null ? UploadQueueCounts.Of(loaded.Queue) : state.Uploads,
            UploadsLoading = state.UploadsStale,
            UploadsStale = false,
        };
        var effects = new List<BrowserEffect>(2);
        if (state.UploadsStale) effects.Add(new BrowserEffect.LoadUploadQueue(ChangeSettle));
        // Uploads change the rows' states (dirty, uploading, conflict, then a clean copy) without change events: when the
        // listing shows such a row, or the queue holds a change here, the listing is read again once the changes settle.
        if (loaded.Error is null && !next.ReloadScheduled && ShowsUploads(next, loaded.Queue))
        {
            next = next with { ReloadScheduled = true };
            effects.Add(new BrowserEffect.ReloadLater(ChangeSettle));
        }
        return new BrowserStep(next, effects);
    }

    private static bool ShowsUploads(BrowserState state, IReadOnlyList<PendingChange> queue) =>
        state.Entries.Any(e => e.Cache is CacheState.Dirty or CacheState.Uploading or CacheState.Conflict)
        || queue.Any(c => !c.Path.IsRoot && c.Path.Parent == state.Path);

    // What a flush ended with, the first change left named (as flush in the shell prints them).
    private static string FlushedText(BrowserEvent.Flushed flushed)
    {
        var path = flushed.Path.Value;
        if (flushed.Error is { } error) return $"flush {path}: {error}";
        if (flushed.Left.Count > 0)
        {
            var first = flushed.Left[0];
            var what = $"{first.State.ToString().ToLowerInvariant()} {first.Path.Value}" + (first.Reason is { } reason ? ": " + reason : "");
            return flushed.TimedOutAfter is { } after
                ? $"flush {path}: timed out after {CacheOptions.Text(after)}: {Changes(flushed.Left.Count)} not uploaded yet: {what}"
                : $"flush {path}: {Changes(flushed.Left.Count)} left: {what}";
        }
        return flushed.Waiting == 0 ? $"flush {path}: nothing to upload" : $"flushed {path}";
    }

    private static string Changes(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " change" : " changes");

    // A change in the listed directory (or to it), or lost events: list it again.
    private static bool Affects(BrowserState state, ChangeEvent change) =>
        change.Kind == ChangeKind.Overflow
        || change.Path == state.Path || (!change.Path.IsRoot && change.Path.Parent == state.Path)
        || change.OldPath is { } old && !old.IsRoot && old.Parent == state.Path;

    // One listing at a time: a change during a listing asks for one more afterwards.
    private static BrowserStep Reload(BrowserState state) =>
        state.Loading
            ? state with { ReloadPending = true }
            : new BrowserStep(state with { Loading = true }, [new BrowserEffect.LoadListing(state.Path)]);

    private static BrowserStep WithFilter(BrowserState state, string filter)
    {
        var selected = state.Selected?.Name;
        var next = state with { Filter = filter, Visible = Filtered(state.Entries, filter) };
        var cursor = selected is not null ? IndexOf(next.Visible, selected) ?? 0 : 0;
        return MoveTo(next with { Cursor = -1 }, cursor);
    }

    private static BrowserStep MoveTo(BrowserState state, int cursor, bool forcePreview = false)
    {
        var before = state.SelectedPath;
        var next = Scroll(state, cursor);
        return forcePreview || next.SelectedPath != before ? WithPreview(next) : next;
    }

    private static BrowserState Scroll(BrowserState state, int cursor)
    {
        var count = state.Visible.Count;
        cursor = count == 0 ? 0 : Math.Clamp(cursor, 0, count - 1);
        var rows = Math.Max(1, BrowserLayout.For(state.Size).ListingRows);
        var top = state.Top;
        if (cursor < top) top = cursor;
        if (cursor >= top + rows) top = cursor - rows + 1;
        top = Math.Clamp(top, 0, Math.Max(0, count - rows));
        return state with { Cursor = cursor, Top = top };
    }

    private static BrowserStep WithPreview(BrowserState state)
    {
        if (state.Selected is not { } entry || state.SelectedPath is not { } path) return state with { Preview = null };
        var keep = state.Preview?.Path == path ? state.Preview : null;
        return new BrowserStep(state with { Preview = keep }, [new BrowserEffect.LoadPreview(path, entry)]);
    }

    private static NsEntry[] Filtered(IReadOnlyList<NsEntry> entries, string filter) =>
        filter.Length == 0
            ? entries as NsEntry[] ?? [.. entries]
            : [.. entries.Where(e => e.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))];

    private static int? IndexOf(IReadOnlyList<NsEntry> entries, string name)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Name == name) return i;
        }
        return null;
    }
}
