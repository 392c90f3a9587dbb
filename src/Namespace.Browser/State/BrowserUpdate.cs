using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.State;

/// <summary>The browser's behaviour as one pure function: a state and an event give the next state and the effects to run.</summary>
public static class BrowserUpdate
{
    /// <summary>Said by <c>f</c> until the write-back uploader exists.</summary>
    public const string FlushUnavailable = "flush: not available yet (arrives with the write-back uploader)";

    /// <summary>
    /// How long change events settle before the listing is read again: a burst of changes (a <c>cp -r</c>)
    /// costs one listing, and cache elements, which drop their copies when the same events reach them,
    /// have done so by then.
    /// </summary>
    public static readonly TimeSpan ChangeSettle = TimeSpan.FromMilliseconds(100);

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
        BrowserEvent.QueueChanged q => state with { PendingUploads = q.Pending },
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
            case 'f':
                return state with { Message = FlushUnavailable };
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
            PendingUploads = state.PendingUploads,
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
