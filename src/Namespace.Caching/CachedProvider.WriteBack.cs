using Namespace.Core.Diagnostics;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

// Write-back (mode=writeback, DESIGN §5): changes are made in the store with their journal rows, and reach the origin
// later through the element's uploader. Lookups see them at once: dirty records answer, and a path whose row removes it is
// not there, whatever the origin or a cached listing says. A write never waits for the origin.
internal sealed partial class CachedProvider
{
    // The store's journal when the element writes back; null otherwise.
    private ICacheJournal? Journal => Options.Mode == CacheMode.WriteBack ? _store as ICacheJournal : null;

    /// <summary>The element's uploader, when it writes back.</summary>
    internal Uploader? Uploader { get; }

    /// <inheritdoc/>
    /// <remarks>Under write-back, every write: it needs nothing from the origin. Otherwise none.</remarks>
    public async ValueTask<NsWriteStream?> TryOpenWriteWithoutLookupAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default) =>
        Journal is not null ? await OpenWriteAsync(path, mode, cancellationToken).ConfigureAwait(false) : null;

    private async ValueTask<NsWriteStream> OpenLocalWriteAsync(ICacheJournal journal, VPath path, WriteMode mode, CancellationToken cancellationToken)
    {
        ProviderChecks.ForWrite(path);
        var known = await KnownAsync(path, cancellationToken).ConfigureAwait(false);
        if (known.Entry is null && !known.Version.Known && mode is WriteMode.CreateNew or WriteMode.Append)
        {
            // Not knowing is not enough to create only, nor to append (the file there keeps its start): the origin is
            // asked, and without it the write fails rather than take what is there for nothing.
            var there = await StatAsync(path, cancellationToken).ConfigureAwait(false);
            known = (there, OriginVersion.Of(there));
        }
        if (known.Entry is { IsDirectory: true }) throw NsErrors.IsADirectory(path);
        if (known.Entry is null) await RequireDirectoryAsync(path.Parent, cancellationToken).ConfigureAwait(false);
        if (mode == WriteMode.CreateNew && known.Entry is not null) throw NsErrors.Exists(path);
        _runtime.Spoil(Cached(path));
        var stream = await journal.OpenLocalWriteAsync(Cached(path), known.Version, UploadAfter(), cancellationToken).ConfigureAwait(false);
        try
        {
            if (mode == WriteMode.Append && known.Entry is not null)
            {
                await using var current = await OpenKnownAsync(path, known.Entry, cancellationToken).ConfigureAwait(false);
                await current.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            stream.Abort();
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new JournaledWriteStream(stream, Uploader, Cached(path));
    }

    private async ValueTask MakeLocalDirectoryAsync(ICacheJournal journal, VPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot || await StatAsync(path, cancellationToken).ConfigureAwait(false) is not null) throw NsErrors.Exists(path);
        await RequireDirectoryAsync(path.Parent, cancellationToken).ConfigureAwait(false);
        var row = await journal.GetJournalAsync(Cached(path), cancellationToken).ConfigureAwait(false);
        await journal.MarkAsync(Cached(path), JournalChange.Directory, row?.Base ?? OriginVersion.Absent, UploadAfter(), cancellationToken).ConfigureAwait(false);
        Uploader?.Wake(Cached(path));
    }

    // A file is removed locally; a directory once what is pending in it has reached the origin, at the origin itself.
    private async ValueTask RemoveLocallyAsync(ICacheJournal journal, VPath path, bool recursive, CancellationToken cancellationToken)
    {
        if (path.IsRoot) throw NsErrors.InvalidPath(path, "cannot remove the root");
        var known = await KnownAsync(path, cancellationToken).ConfigureAwait(false);
        var entry = known.Entry ?? await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
        if (entry.IsDirectory)
        {
            if (await EmptyAndMadeHereAsync(journal, path, cancellationToken).ConfigureAwait(false) is { } made)
            {
                // Never sent and empty: it goes as it came, locally (its row with it), the origin down or not.
                await journal.MarkAsync(Cached(path), JournalChange.Remove, made.Base, UploadAfter(), cancellationToken).ConfigureAwait(false);
                Uploader?.Wake(Cached(path));
                return;
            }
            await FlushDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
            await ChangeOriginAsync(() => _origin.DeleteAsync(path, recursive, cancellationToken), path).ConfigureAwait(false);
            return;
        }
        _runtime.Spoil(Cached(path));
        // A local change's entry says nothing of the origin: its row's base (or, gone meanwhile, the store's copy) is the one.
        var basis = known.Version.Known || IsLocal(entry) ? known.Version : OriginVersion.Of(entry);
        await journal.MarkAsync(Cached(path), JournalChange.Remove, basis, UploadAfter(), cancellationToken).ConfigureAwait(false);
        Uploader?.Wake(Cached(path));
    }

    // A file is renamed locally, in one step of the store (its content written at the new name and the old one removed:
    // a crash leaves one or the other); a directory once what is pending in and around it has reached the origin, at the
    // origin itself.
    private async ValueTask MoveLocallyAsync(ICacheJournal journal, VPath from, VPath to, CancellationToken cancellationToken)
    {
        var entry = await StatAsync(from, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(from);
        if (from == to) return;
        if (to.IsUnder(from)) throw NsErrors.InvalidPath(to, $"cannot move {from} into itself");
        if (entry.IsDirectory)
        {
            await FlushDirectoryAsync(from, cancellationToken).ConfigureAwait(false);
            await FlushDirectoryAsync(to, cancellationToken).ConfigureAwait(false);
            await ChangeOriginAsync(() => _origin.MoveAsync(from, to, cancellationToken), from, to).ConfigureAwait(false);
            return;
        }
        var target = await StatAsync(to, cancellationToken).ConfigureAwait(false);
        if (target is { IsDirectory: true }) throw NsErrors.Exists(to);
        if (target is null) await RequireDirectoryAsync(to.Parent, cancellationToken).ConfigureAwait(false);
        var fromBase = (await KnownAsync(from, cancellationToken).ConfigureAwait(false)).Version;
        var toBase = (await KnownAsync(to, cancellationToken).ConfigureAwait(false)).Version;
        // What the lookups saw is what the rename replaces or removes, when the cache knew no better.
        if (!fromBase.Known && !IsLocal(entry)) fromBase = OriginVersion.Of(entry);
        if (!toBase.Known && (target is null || !IsLocal(target))) toBase = OriginVersion.Of(target);
        _runtime.Spoil(Cached(from));
        _runtime.Spoil(Cached(to));
        await using (var source = await OpenKnownAsync(from, entry, cancellationToken).ConfigureAwait(false))
        {
            await using var moved = await journal.OpenLocalMoveAsync(Cached(from), fromBase, Cached(to), toBase, UploadAfter(), cancellationToken).ConfigureAwait(false);
            try
            {
                await source.CopyToAsync(moved, cancellationToken).ConfigureAwait(false);
                CrashPoints.Reach("rename.copied");
            }
            catch
            {
                moved.Abort();
                throw;
            }
        }
        Uploader?.Wake(Cached(to));
        Uploader?.Wake(Cached(from));
    }

    // True for an entry whose content is a local change (its base is its row's, not what the entry says).
    private static bool IsLocal(NsEntry entry) => entry.Cache is CacheState.Dirty or CacheState.Uploading or CacheState.Conflict;

    // The row of a directory made here, not being uploaded, with no change waiting inside it; null otherwise.
    private async ValueTask<JournalEntry?> EmptyAndMadeHereAsync(ICacheJournal journal, VPath path, CancellationToken cancellationToken)
    {
        JournalEntry? made = null;
        await foreach (var row in journal.ReadJournalAsync(Cached(path), cancellationToken).ConfigureAwait(false))
        {
            if (row.Path != Cached(path) || !MadeHere(row) || row.State == JournalState.Uploading) return null;
            made = row;
        }
        return made;
    }

    private async Task FlushDirectoryAsync(VPath path, CancellationToken cancellationToken)
    {
        if (Uploader is null) return;
        var left = await Uploader.FlushAsync(Cached(path), cancellationToken).ConfigureAwait(false);
        if (left.Count > 0)
            throw NsErrors.Conflict(path, $"{left.Count} change(s) in it could not be uploaded ({left[0].State.ToString().ToLowerInvariant()}: {left[0].Path.RelativeTo(_cache.Root)}); see status");
    }

    // What the cache knows of the path without asking the origin: the entry the namespace shows there (null: nothing, as
    // far as it knows), and the origin's version a change made now is based on.
    private async ValueTask<(NsEntry? Entry, OriginVersion Version)> KnownAsync(VPath path, CancellationToken cancellationToken)
    {
        var record = await RecordAsync(path, cancellationToken).ConfigureAwait(false);
        if (record is { Dirty: true }) return (FromRecord(path, record, CacheState.Dirty), OriginVersion.Unknown);
        var journal = Journal!;
        if (await journal.GetJournalAsync(Cached(path), cancellationToken).ConfigureAwait(false) is { Change: JournalChange.Remove } removed)
            return (null, removed.Base);
        if (record is not null)
            return (FromRecord(path, record, CacheState.Stale), new OriginVersion(true, record.Kind, record.OriginETag, record.OriginModifiedUtc));
        if (!path.IsRoot)
        {
            try
            {
                if (await _store.GetListedAsync(Cached(path.Parent), path.Name, cancellationToken).ConfigureAwait(false) is { } listed)
                    return (listed.Entry, OriginVersion.Of(listed.Entry));
            }
            catch (NamespaceException)
            {
                CountError();
            }
            // Below a directory made here and not uploaded yet, the origin has nothing.
            if (MadeHere(await journal.GetJournalAsync(Cached(path.Parent), cancellationToken).ConfigureAwait(false)))
                return (null, OriginVersion.Absent);
        }
        return (null, OriginVersion.Unknown);
    }

    private async ValueTask RequireDirectoryAsync(VPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot) return; // the union's root is a directory, whatever the origin can answer
        var parent = await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
        if (!parent.IsDirectory) throw NsErrors.NotADirectory(path);
    }

    // True when the journal removed the file at path (and the origin, or a listing, may still show it).
    private async ValueTask<bool> RemovedHereAsync(VPath path, CancellationToken cancellationToken)
    {
        if (Journal is not { } journal) return false;
        try
        {
            return await journal.GetJournalAsync(Cached(path), cancellationToken).ConfigureAwait(false) is { Change: JournalChange.Remove };
        }
        catch (NamespaceException)
        {
            CountError();
            return false;
        }
    }

    // The names in the directory at path that the journal removed.
    private async ValueTask<HashSet<string>> RemovedBelowAsync(VPath path, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (Journal is not { } journal) return names;
        var directory = Cached(path);
        await foreach (var row in journal.ReadJournalAsync(directory, cancellationToken).ConfigureAwait(false))
        {
            if (row.Change == JournalChange.Remove && !row.Path.IsRoot && row.Path.Parent == directory) names.Add(row.Path.Name);
        }
        return names;
    }

    // True for a directory made here whose creation is not uploaded yet, where the origin has no directory (nothing, or a
    // file it replaces): its listing is local.
    private async ValueTask<bool> LocalOnlyAsync(VPath path, CancellationToken cancellationToken) =>
        Journal is { } journal && MadeHere(await journal.GetJournalAsync(Cached(path), cancellationToken).ConfigureAwait(false));

    private static bool MadeHere(JournalEntry? row) =>
        row is { Change: JournalChange.Directory, Base: { Known: true, Kind: not EntryKind.Directory } };

    // How ls -l shows a local change: dirty, uploading, or a conflict.
    private async ValueTask<CacheState> DirtyStateAsync(VPath path, CancellationToken cancellationToken)
    {
        if (Journal is not { } journal) return CacheState.Dirty;
        return (await journal.GetJournalAsync(Cached(path), cancellationToken).ConfigureAwait(false))?.State switch
        {
            JournalState.Uploading => CacheState.Uploading,
            JournalState.Conflict => CacheState.Conflict,
            _ => CacheState.Dirty,
        };
    }

    /// <summary>A journal row as the namespace shows it: its path where the union is mounted at <paramref name="mountPath"/>.</summary>
    internal PendingChange Pending(VPath mountPath, JournalEntry row) =>
        new(mountPath.Join(row.Path.RelativeTo(_cache.Root)), row.Change, row.State, row.Reason, row.Attempts);

    /// <summary>Settles the change waiting at <paramref name="path"/> (see <see cref="WriteBackAdministration.ResolveAsync"/>); false when none waits there.</summary>
    internal async Task<bool> ResolveAsync(VPath path, bool keepLocal, CancellationToken cancellationToken)
    {
        if (Journal is not { } journal || await journal.GetJournalAsync(Cached(path), cancellationToken).ConfigureAwait(false) is null) return false;
        // Keeping the local version means replacing what the origin has now: the upload is conditional on that.
        var current = keepLocal ? OriginVersion.Of(await _origin.StatAsync(path, cancellationToken).ConfigureAwait(false)) : OriginVersion.Unknown;
        _runtime.Spoil(Cached(path));
        var resolved = await journal.ResolveAsync(Cached(path), keepLocal, current, cancellationToken).ConfigureAwait(false);
        if (!keepLocal && !path.IsRoot) await QuietlyAsync(() => _store.DropListingAsync(Cached(path.Parent), CancellationToken.None)).ConfigureAwait(false);
        Uploader?.Wake(Cached(path));
        return resolved;
    }

    // When a change made now may be uploaded: after the element's delay.
    private DateTimeOffset UploadAfter() => _runtime.Now + (Options.UploadDelay ?? TimeSpan.Zero);

    // A local write's stream: the uploader hears of the change once it is committed.
    private sealed class JournaledWriteStream(NsWriteStream inner, Uploader? uploader, VPath cachePath) : NsWriteStream
    {
        private bool _done;

        public override long Length => inner.Length;

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            if (!_done)
            {
                _done = true;
                if (Aborted) inner.Abort();
                await inner.DisposeAsync().ConfigureAwait(false);
                if (!Aborted) uploader?.Wake(cachePath);
            }
            await base.DisposeAsync().ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_done)
            {
                _done = true;
                if (Aborted) inner.Abort();
                inner.Dispose();
                if (!Aborted) uploader?.Wake(cachePath);
            }
            base.Dispose(disposing);
        }
    }
}
