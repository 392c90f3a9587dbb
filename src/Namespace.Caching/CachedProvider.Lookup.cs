using System.Runtime.CompilerServices;
using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

// Lookup: stat and listings, answered from fresh records and listings, or by the origin.
internal sealed partial class CachedProvider
{
    public async ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        Follow();
        await SettledAsync(path, SettleScope.Path).ConfigureAwait(false);
        var record = await RecordAsync(path, cancellationToken).ConfigureAwait(false);
        if (record is { Dirty: true }) return FromRecord(path, record, await DirtyStateAsync(path, cancellationToken).ConfigureAwait(false));
        if (record is null && await RemovedHereAsync(path, cancellationToken).ConfigureAwait(false)) return null;
        // Below a directory made here and not uploaded yet the origin has nothing: the cache's word is all there is, the
        // origin reachable or not (mv into it works offline).
        if (record is null && !path.IsRoot && await LocalOnlyAsync(path.Parent, cancellationToken).ConfigureAwait(false)) return null;
        if (record is not null && IsFresh(record.ValidatedUtc)) return FromRecord(path, record, CacheState.Fresh);
        if (await FreshListedAsync(path, cancellationToken).ConfigureAwait(false) is { } listed)
        {
            if (listed.Entry is not { } entry) return null;
            return record is not null && SameVersion(record, entry) ? FromRecord(path, record, CacheState.Fresh) : entry;
        }
        return await AskOriginAsync(path, record, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<NsEntry> ListAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Follow();
        await SettledAsync(path, SettleScope.Children).ConfigureAwait(false);
        var listing = await LocalOnlyAsync(path, cancellationToken).ConfigureAwait(false) ? new CacheListing(_runtime.Now, [])
            : await WriteBackListingAsync(path, cancellationToken).ConfigureAwait(false);
        // Without the origin's listing, what the cache holds is all there is to list.
        var heldOnly = listing is null;
        listing ??= new CacheListing(_runtime.Now, []);
        var removed = await RemovedBelowAsync(path, cancellationToken).ConfigureAwait(false);
        var records = new Dictionary<string, CacheRecord>(StringComparer.Ordinal);
        try
        {
            await foreach (var item in _store.ScanAsync(Cached(path), recursive: false, cancellationToken).ConfigureAwait(false))
                records[item.Path.Name] = item.Record;
        }
        catch (NamespaceException)
        {
            CountError();
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<NsEntry>(listing.Entries.Count);
        foreach (var entry in listing.Entries)
        {
            names.Add(entry.Name);
            if (removed.Contains(entry.Name)) continue;
            if (!records.TryGetValue(entry.Name, out var record)) entries.Add(entry);
            else if (record.Dirty) entries.Add(FromRecord(path.Child(entry.Name), record, CacheState.Dirty)); // of either kind: a local change
            else if (record.Kind != entry.Kind) entries.Add(entry);
            else if (entry.IsDirectory) entries.Add(entry);
            else if (!SameVersion(record, entry)) entries.Add(entry);
            else entries.Add(entry with { Cache = IsFresh(record.ValidatedUtc) ? CacheState.Fresh : CacheState.Stale, ServedBy = _label });
        }
        var localOnly = false;
        foreach (var (name, record) in records)
        {
            if (!(record.Dirty || heldOnly) || names.Contains(name)) continue;
            entries.Add(FromRecord(path.Child(name), record, record.Dirty ? CacheState.Dirty : CacheState.Stale));
            localOnly = true;
        }
        if (Journal is not null)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Cache == CacheState.Dirty)
                    entries[i] = entries[i] with { Cache = await DirtyStateAsync(path.Child(entries[i].Name), cancellationToken).ConfigureAwait(false) };
            }
        }
        if (localOnly) entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries) yield return entry;
    }

    // The origin's listing; under write-back, null when the origin cannot be reached and none is kept (changes are made
    // offline, and listed).
    private async ValueTask<CacheListing?> WriteBackListingAsync(VPath path, CancellationToken cancellationToken)
    {
        try
        {
            return await ListingAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex) when (Journal is not null && IsTransient(ex) && Options.ServeStale)
        {
            NamespaceWarnings.Report(new NamespaceException(NsErrorKind.Unavailable, MountPath.Join(path).Value,
                $"origin unavailable ({ex.Reason}); listing only what the cache holds"));
            return null;
        }
    }

    private async ValueTask<CacheListing> ListingAsync(VPath path, CancellationToken cancellationToken)
    {
        CacheListing? kept = null;
        try
        {
            kept = await _store.GetListingAsync(Cached(path), cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            CountError();
        }
        if (kept is not null && IsFresh(kept.ValidatedUtc))
        {
            _runtime.Count(new CacheCounters(Hits: 1, 0, 0, 0, 0, 0, 0));
            return kept;
        }
        var entries = new List<NsEntry>();
        try
        {
            await foreach (var entry in _origin.ListAsync(path, cancellationToken).ConfigureAwait(false)) entries.Add(entry);
        }
        catch (NamespaceException ex) when (ex.Kind is NsErrorKind.NotFound or NsErrorKind.NotADirectory)
        {
            await ForgetAsync(path).ConfigureAwait(false);
            throw;
        }
        catch (NamespaceException ex) when (IsTransient(ex))
        {
            CountError();
            if (kept is null || !Options.ServeStale) throw;
            Warn(path, ex, kept.ValidatedUtc);
            return kept;
        }
        var listing = new CacheListing(_runtime.Now, entries);
        _runtime.Count(new CacheCounters(0, Misses: 1, 0, 0, 0, 0, 0));
        // A store keeps files and directories: a listing with a FIFO, a device or a link that cannot be followed in it
        // would come back with those as files, so it is asked of the origin each time.
        if (!entries.Exists(e => e.IsSpecial))
            await QuietlyAsync(() => _store.SetListingAsync(Cached(path), listing, CancellationToken.None)).ConfigureAwait(false);
        return listing;
    }

    // What a fresh cached listing of the path's directory says of it (one name, not the whole listing); null without one.
    private async ValueTask<CacheListed?> FreshListedAsync(VPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot) return null;
        try
        {
            var listed = await _store.GetListedAsync(Cached(path.Parent), path.Name, cancellationToken).ConfigureAwait(false);
            return listed is { } found && IsFresh(found.ValidatedUtc) ? found : null;
        }
        catch (NamespaceException)
        {
            CountError();
            return null;
        }
    }

    // The origin decides: revalidates what is held, drops what it no longer has, serves a stale copy when it cannot be reached.
    private async ValueTask<NsEntry?> AskOriginAsync(VPath path, CacheRecord? record, CancellationToken cancellationToken)
    {
        NsEntry? entry;
        try
        {
            entry = await _origin.StatAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex) when (IsTransient(ex))
        {
            CountError();
            if (record is null || !Options.ServeStale) throw;
            Warn(path, ex, record.ValidatedUtc);
            return FromRecord(path, record, CacheState.Stale);
        }
        if (entry is null)
        {
            if (record is not null) await ForgetAsync(path).ConfigureAwait(false);
            return null;
        }
        var now = _runtime.Now;
        if (entry.IsDirectory)
        {
            if (record is { Kind: EntryKind.File }) await ForgetAsync(path).ConfigureAwait(false);
            var directory = new CacheRecord(EntryKind.Directory, 0, entry.ETag, entry.ModifiedUtc, now, record?.StoredUtc ?? now, now, 0, Dirty: false);
            await QuietlyAsync(() => _store.SetRecordAsync(Cached(path), directory, CancellationToken.None)).ConfigureAwait(false);
            return entry;
        }
        if (record is null) return entry;
        if (SameVersion(record, entry))
        {
            return await ConfirmAsync(path, record).ConfigureAwait(false)
                ? FromRecord(path, record, CacheState.Fresh)
                : await StatAsync(path, cancellationToken).ConfigureAwait(false);
        }
        await ForgetAsync(path).ConfigureAwait(false);
        return entry;
    }
}
