using System.Runtime.CompilerServices;
using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// A cache element and its origin (the union elements after it) as one union element (DESIGN §4). Reads are served
/// from the cache while fresh (<c>validated_at + ttl &gt; now</c>); a stale entry is revalidated against the origin's
/// ETag or modification time; a miss streams from the origin to the reader and into the cache at once, one fetch per
/// path however many readers miss together. Listings are cached with the same rule. An origin that cannot be reached
/// gets a stale copy served (and a warning) or its error passed on, as <c>stale=</c> says; only a definite "not
/// found" drops a clean copy. Writes go to the origin first and then into the cache. Nothing here removes dirty data.
/// </summary>
internal sealed partial class CachedProvider : IFileProvider, IOpenWithLookup
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly UnionElement _cache;
    private readonly ICacheStore _store;
    private readonly IFileProvider _origin;
    private readonly CacheRuntime _runtime;
    private readonly string _label;

    internal CachedProvider(VPath mountPath, UnionElement cache, ICacheStore store, UnionProvider origin, CacheOptions options, CacheRuntime runtime)
    {
        MountPath = mountPath;
        _cache = cache;
        _store = store;
        _origin = origin;
        Origin = origin;
        Options = options;
        _runtime = runtime;
        _label = cache.ToString();
        var capabilities = ProviderCapabilities.Read | (origin.Capabilities & ProviderCapabilities.Watch);
        if (options.Mode != CacheMode.ReadOnly) capabilities |= origin.Capabilities & (ProviderCapabilities.Write | ProviderCapabilities.Mutate);
        Capabilities = capabilities;
        Source = cache.Provider.Source;
    }

    /// <summary>Where the union is mounted (for messages).</summary>
    public VPath MountPath { get; }

    /// <summary>The cache element as it was bound.</summary>
    public UnionElement CacheElement => _cache;

    /// <summary>The elements after the cache element.</summary>
    public UnionProvider Origin { get; }

    /// <summary>The element's options.</summary>
    public CacheOptions Options { get; }

    internal CacheRuntime Runtime => _runtime;

    public ProviderCapabilities Capabilities { get; }

    public MountSource Source { get; }

    // ---- Lookup -------------------------------------------------------------------------------------------

    public async ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        Follow();
        await SettledAsync(path, SettleScope.Path).ConfigureAwait(false);
        var record = await RecordAsync(path, cancellationToken).ConfigureAwait(false);
        if (record is { Dirty: true }) return FromRecord(path, record, CacheState.Dirty);
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
        var listing = await ListingAsync(path, cancellationToken).ConfigureAwait(false);
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
            if (!records.TryGetValue(entry.Name, out var record) || record.Kind != entry.Kind) entries.Add(entry);
            else if (record.Dirty) entries.Add(FromRecord(path.Child(entry.Name), record, CacheState.Dirty));
            else if (entry.IsDirectory) entries.Add(entry);
            else if (!SameVersion(record, entry)) entries.Add(entry);
            else entries.Add(entry with { Cache = IsFresh(record.ValidatedUtc) ? CacheState.Fresh : CacheState.Stale, ServedBy = _label });
        }
        var localOnly = false;
        foreach (var (name, record) in records)
        {
            if (!record.Dirty || names.Contains(name)) continue;
            entries.Add(FromRecord(path.Child(name), record, CacheState.Dirty));
            localOnly = true;
        }
        if (localOnly) entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries) yield return entry;
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

    // ---- Reading ------------------------------------------------------------------------------------------

    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default) => OpenKnownAsync(path, null, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(VPath path, NsEntry found, CancellationToken cancellationToken = default) => OpenKnownAsync(path, found, cancellationToken);

    // Opens a file; known is what lookup just found there (so it is not looked up again).
    private async ValueTask<Stream> OpenKnownAsync(VPath path, NsEntry? known, CancellationToken cancellationToken)
    {
        // StatAsync waits for a copy being committed there; an entry lookup found does not.
        if (known is not null) await SettledAsync(path, SettleScope.Path).ConfigureAwait(false);
        var entry = known ?? await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
        if (entry.IsDirectory) throw NsErrors.IsADirectory(path);
        if (entry.Cache != CacheState.None)
        {
            var cached = await TryOpenCachedAsync(path, entry.Size, cancellationToken).ConfigureAwait(false);
            if (cached is not null) return cached;
            // Dropped since lookup (a purge, an event): ask the origin afresh.
            entry = await AskOriginAsync(path, null, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
            if (entry.IsDirectory) throw NsErrors.IsADirectory(path);
        }
        return await FetchAsync(path, entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The warm-read path: the cached copy when it is fresh (or dirty), opened together with its record in one step;
    /// null when the cache has nothing it may serve without asking the origin.
    /// </summary>
    public async ValueTask<Stream?> TryOpenWithoutLookupAsync(VPath path, CancellationToken cancellationToken = default)
    {
        Follow();
        await SettledAsync(path, SettleScope.Path).ConfigureAwait(false);
        CachedFile? file;
        try
        {
            file = await _store.OpenCachedAsync(Cached(path), cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            CountError();
            return null;
        }
        if (file is null) return await TryOpenMissAsync(path, cancellationToken).ConfigureAwait(false);
        if (!file.Record.Dirty && !IsFresh(file.Record.ValidatedUtc))
        {
            await file.Content.DisposeAsync().ConfigureAwait(false); // not held open while the origin is asked
            return await TryRevalidateAsync(path, file.Record, cancellationToken).ConfigureAwait(false);
        }
        Served(path, file.Record.Size);
        return file.Content;
    }

    // A stale clean copy, when the origin can answer "not modified" (HTTP): one conditional request either revalidates
    // the copy or brings the new version, to the reader and into the cache at once, as a miss does; the origin's other
    // answers are taken as lookup takes them. Null: take the ordinary path.
    private async ValueTask<Stream?> TryRevalidateAsync(VPath path, CacheRecord record, CancellationToken cancellationToken)
    {
        // Without an ETag the question would be If-Modified-Since, which a file restored with an older time, or changed within
        // the same second, passes: the ordinary path compares modification time and size instead.
        if (!Origin.OpensIfChanged || path.IsRoot || record.OriginETag is null) return null;
        if (await FreshListedAsync(path, cancellationToken).ConfigureAwait(false) is not null) return null; // it answers without asking
        var cachePath = Cached(path);
        var flight = _runtime.Join(cachePath, out var leader);
        if (!leader)
        {
            await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        (NsEntry Entry, Stream Content)? changed;
        try
        {
            changed = await Origin.OpenReadIfChangedAsync(path, new CacheValidator(record.OriginETag, record.OriginModifiedUtc), cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex) when (ex.Kind is NsErrorKind.NotFound or NsErrorKind.IsADirectory)
        {
            await ForgetAsync(path).ConfigureAwait(false);
            flight.Land();
            if (ex.Kind == NsErrorKind.NotFound) throw;
            return null; // a directory now: lookup says so
        }
        catch (NamespaceException ex) when (IsTransient(ex))
        {
            CountError();
            flight.Land();
            if (!Options.ServeStale) throw;
            Warn(path, ex, record.ValidatedUtc);
            return await TryOpenCachedAsync(path, record.Size, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            flight.Land();
            throw;
        }
        if (changed is not { } opened)
        {
            var confirmed = await ConfirmAsync(path, record).ConfigureAwait(false);
            flight.Land();
            return confirmed ? await TryOpenCachedAsync(path, record.Size, cancellationToken).ConfigureAwait(false) : null;
        }
        _runtime.Count(new CacheCounters(0, Misses: 1, 0, 0, 0, 0, 0));
        return await TeeIntoCacheAsync(cachePath, opened.Entry, opened.Content, flight, cancellationToken).ConfigureAwait(false);
    }

    // Nothing cached: when the origin tells what it sends as it sends it (HTTP), a miss is one origin request — the
    // fill's record comes from the response — instead of a lookup and then a fetch. Null: take the ordinary path.
    private async ValueTask<Stream?> TryOpenMissAsync(VPath path, CancellationToken cancellationToken)
    {
        if (!Origin.OpensWithEntry || path.IsRoot) return null;
        if (await FreshListedAsync(path, cancellationToken).ConfigureAwait(false) is { } listed)
        {
            if ((listed.Entry ?? throw NsErrors.NotFound(path)).IsDirectory) return null;
        }
        var cachePath = Cached(path);
        var flight = _runtime.Join(cachePath, out var leader);
        if (!leader)
        {
            // Someone is fetching it: wait, then read what they kept by the ordinary path.
            await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        try
        {
            NsEntry entry;
            Stream source;
            try
            {
                (entry, source) = await Origin.OpenReadWithEntryAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException ex) when (ex.Kind == NsErrorKind.IsADirectory)
            {
                flight.Land();
                return null;
            }
            catch (NamespaceException ex) when (IsTransient(ex))
            {
                CountError();
                throw;
            }
            _runtime.Count(new CacheCounters(0, Misses: 1, 0, 0, 0, 0, 0));
            // The store was just found to hold nothing there: its checks can wait for the commit.
            return await TeeIntoCacheAsync(cachePath, entry, source, flight, cancellationToken, checkNow: false).ConfigureAwait(false);
        }
        catch
        {
            flight.Land();
            throw;
        }
    }

    private async ValueTask<Stream?> TryOpenCachedAsync(VPath path, long size, CancellationToken cancellationToken)
    {
        if (await _store.OpenCachedAsync(Cached(path), cancellationToken).ConfigureAwait(false) is not { } file) return null;
        Served(path, size);
        return file.Content;
    }

    // A read answered by the cache: noted for the eviction policy and the counters (in memory; saved every second).
    private void Served(VPath path, long size)
    {
        _runtime.Touch(Cached(path));
        _runtime.Count(new CacheCounters(Hits: 1, 0, 0, 0, 0, 0, BytesServed: size));
    }

    // A miss: one reader fetches (and fills the cache as it reads); readers that miss meanwhile wait and read the cache.
    private async ValueTask<Stream> FetchAsync(VPath path, NsEntry entry, CancellationToken cancellationToken)
    {
        var cachePath = Cached(path);
        while (true)
        {
            var flight = _runtime.Join(cachePath, out var leader);
            if (!leader)
            {
                await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
                var record = await RecordAsync(path, cancellationToken).ConfigureAwait(false);
                if (record is { Kind: EntryKind.File } && (record.Dirty || IsFresh(record.ValidatedUtc))
                    && await TryOpenCachedAsync(path, record.Size, cancellationToken).ConfigureAwait(false) is { } filled)
                    return filled;
                continue; // the fetch failed or was abandoned: try it ourselves
            }
            try
            {
                _runtime.Count(new CacheCounters(0, Misses: 1, 0, 0, 0, 0, 0));
                Stream source;
                try
                {
                    source = await _origin.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
                }
                catch (NamespaceException ex) when (IsTransient(ex))
                {
                    CountError();
                    throw;
                }
                return await TeeIntoCacheAsync(cachePath, entry, source, flight, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                flight.Land();
                throw;
            }
        }
    }

    // The origin's bytes for the reader, copied into the cache as they pass; or, when the cache cannot keep them (full,
    // damaged, local changes there), the origin's stream as it is. Lands the flight in that case.
    private async ValueTask<Stream> TeeIntoCacheAsync(VPath cachePath, NsEntry entry, Stream source, CacheHost.Flight flight, CancellationToken cancellationToken, bool checkNow = true)
    {
        try
        {
            var now = _runtime.Now;
            var record = new CacheRecord(EntryKind.File, entry.Size, entry.ETag, entry.ModifiedUtc, now, now, now, 1, Dirty: false);
            var fill = await _store.OpenFillAsync(cachePath, record, checkNow, cancellationToken).ConfigureAwait(false);
            return new CacheFillStream(source, fill, entry.SizeUnknown ? null : entry.Size, flight, this);
        }
        catch (NamespaceException)
        {
            CountError();
            flight.Land();
            return source;
        }
        catch
        {
            // Cancelled (or worse) before the reader had the stream: nobody will read it, and nobody may wait for this fetch.
            flight.Land();
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Called by a fill stream once the content is committed to the cache (or was not).</summary>
    internal Task FilledAsync(VPath cachePath, long bytes, bool kept)
    {
        _runtime.Count(new CacheCounters(0, 0, 0, 0, 0, BytesFetched: bytes, 0));
        return kept ? EnforceLimitsAsync(cachePath, new CacheUsage(1, bytes)) : Task.CompletedTask;
    }

    // ---- Changes ------------------------------------------------------------------------------------------

    public async ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default)
    {
        Follow();
        await SettledAsync(path, SettleScope.Path).ConfigureAwait(false);
        if (Options.Mode == CacheMode.ReadOnly) throw NsErrors.ReadOnly(path);
        // A copy of what is there now, still being fetched, must not land over what this write puts in the cache.
        _runtime.Spoil(Cached(path));
        var target = await _origin.OpenWriteAsync(path, mode, cancellationToken).ConfigureAwait(false);
        // An append writes only the tail: the copy would be those bytes alone. Without a fill the copy there is forgotten
        // once the origin has the whole (WrittenAsync), and the next read fetches it.
        if (mode == WriteMode.Append) return new WriteThroughStream(target, null, this, path);
        NsWriteStream? fill = null;
        try
        {
            var now = _runtime.Now;
            // Validated long ago, not never: until WrittenAsync learns the origin's version the copy is stale, yet still the
            // cache's own, should that never happen (a crash, a failing store) — never a file written outside a cache.
            var unconfirmed = new CacheRecord(EntryKind.File, 0, null, null, DateTimeOffset.MinValue, now, now, 0, Dirty: false);
            fill = await _store.OpenFillAsync(Cached(path), unconfirmed, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            CountError();
        }
        return new WriteThroughStream(target, fill, this, path);
    }

    /// <summary>Called by a write-through stream after the origin committed: learn the origin's new version, or forget the copy.</summary>
    internal async Task WrittenAsync(VPath path, bool cached)
    {
        _runtime.Spoil(Cached(path)); // fetches begun while the write was open brought the old version

        await QuietlyAsync(() => _store.DropListingAsync(Cached(path.Parent), CancellationToken.None)).ConfigureAwait(false);
        if (!cached)
        {
            await ForgetAsync(path).ConfigureAwait(false);
            return;
        }
        try
        {
            var entry = await _origin.StatAsync(path).ConfigureAwait(false);
            var record = await _store.GetRecordAsync(Cached(path)).ConfigureAwait(false);
            if (entry is null || entry.IsDirectory || record is null || record.Dirty)
            {
                await ForgetAsync(path).ConfigureAwait(false);
                return;
            }
            await _store.SetRecordAsync(Cached(path), record with { Size = entry.Size, OriginETag = entry.ETag, OriginModifiedUtc = entry.ModifiedUtc, ValidatedUtc = _runtime.Now }).ConfigureAwait(false);
            // The written copy counts towards maxsize and maxentries as a fill's does (one more file even when it replaced one).
            await EnforceLimitsAsync(Cached(path), new CacheUsage(1, record.Size)).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            CountError();
            await ForgetAsync(path).ConfigureAwait(false);
        }
    }

    public async ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        if (Options.Mode == CacheMode.ReadOnly) throw NsErrors.ReadOnly(path);
        await _origin.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        await QuietlyAsync(() => _store.DropListingAsync(Cached(path.Parent), CancellationToken.None)).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default)
    {
        if (Options.Mode == CacheMode.ReadOnly) throw NsErrors.ReadOnly(path);
        await ChangeOriginAsync(() => _origin.DeleteAsync(path, recursive, cancellationToken), path).ConfigureAwait(false);
    }

    public async ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default)
    {
        if (Options.Mode == CacheMode.ReadOnly) throw NsErrors.ReadOnly(from);
        await ChangeOriginAsync(() => _origin.MoveAsync(from, to, cancellationToken), from, to).ConfigureAwait(false);
    }

    // Changes the origin, then forgets the cache's copies of the paths it touched: once it is done, or once the origin
    // says they are not there at all. Any other failure changed nothing, so the copies stay.
    private async Task ChangeOriginAsync(Func<ValueTask> change, params VPath[] touched)
    {
        try
        {
            await change().ConfigureAwait(false);
        }
        catch (NamespaceException ex) when (ex.Kind == NsErrorKind.NotFound)
        {
            foreach (var path in touched) await ForgetAsync(path).ConfigureAwait(false);
            throw;
        }
        foreach (var path in touched) await ForgetAsync(path).ConfigureAwait(false);
    }

    // ---- Invalidation, purge, eviction ---------------------------------------------------------------------

    // What a change at the origin means for the cache: the copies of what changed go; lost events make everything stale.
    private async Task ApplyAsync(ChangeEvent change)
    {
        if (change.Kind == ChangeKind.Overflow)
        {
            _runtime.LoseEvents();
            return;
        }
        if (await IsWrittenHereAsync(change).ConfigureAwait(false)) return;
        await ForgetAsync(change.Path).ConfigureAwait(false);
        if (change.OldPath is { } old) await ForgetAsync(old).ConfigureAwait(false);
    }

    /// <summary>Drops the clean copies at and below <paramref name="path"/> (validated before now minus <paramref name="olderThan"/>, when given).</summary>
    public async ValueTask<long> PurgeAsync(VPath path, TimeSpan? olderThan, CancellationToken cancellationToken)
    {
        DateTimeOffset? before = olderThan is { } age ? _runtime.Now - age : null;
        await SettledAsync(path, SettleScope.Subtree).ConfigureAwait(false);
        // The element's own directory of its store stays (the user made it, and a plain mount above shows it): what is in it goes.
        var dropped = await _store.DropAsync(Cached(path), before, keepPath: path.IsRoot, cancellationToken).ConfigureAwait(false);
        if (before is null && !path.IsRoot) await QuietlyAsync(() => _store.DropListingAsync(Cached(path.Parent), CancellationToken.None)).ConfigureAwait(false);
        if (dropped > 0) _runtime.Count(new CacheCounters(0, 0, 0, Evictions: dropped, 0, 0, 0));
        return dropped;
    }

    /// <summary>Asks the origin about <paramref name="path"/> now, whatever the TTL says.</summary>
    public async ValueTask<NsEntry?> RevalidateAsync(VPath path, CancellationToken cancellationToken)
    {
        await SettledAsync(path, SettleScope.Path).ConfigureAwait(false);
        await QuietlyAsync(() => _store.DropListingAsync(Cached(path), CancellationToken.None)).ConfigureAwait(false);
        if (!path.IsRoot) await QuietlyAsync(() => _store.DropListingAsync(Cached(path.Parent), CancellationToken.None)).ConfigureAwait(false);
        var record = await RecordAsync(path, cancellationToken).ConfigureAwait(false);
        if (record is { Dirty: true }) return FromRecord(path, record, CacheState.Dirty);
        return await AskOriginAsync(path, record, cancellationToken).ConfigureAwait(false);
    }

    private async Task PurgeTickAsync()
    {
        try
        {
            if (Options.MaxAge is { } maxAge) await PurgeAsync(VPath.Root, maxAge, CancellationToken.None).ConfigureAwait(false);
            await EnforceLimitsAsync().ConfigureAwait(false); // measured: another process may have filled the store too
            await _runtime.SaveAsync().ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            CountError();
        }
    }

    /// <summary>
    /// Evicts clean files, in policy order, once the cache is over <c>maxsize</c> or <c>maxentries</c>, until it is a
    /// sixteenth below them: a full cache then reads all its records once every so many fills, not after each. After a
    /// fill or a write through the cache (<paramref name="added"/> at <paramref name="filled"/>) the store is measured only
    /// when the usage last measured plus what was added since may be over a limit (drops only lower it); without one (the
    /// purge ticker) it is measured, so copies another process added count too.
    /// </summary>
    internal async Task EnforceLimitsAsync(VPath? filled = null, CacheUsage added = default)
    {
        var limited = Options.MaxSize is not null || Options.MaxEntries is not null;
        // A fill is counted even by an element without limits: another element may keep its copies in the same place.
        if (!limited && filled is null) return;
        await _runtime.EvictionGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var known = filled is { } path ? _runtime.AddToKnownUsage(path, added, _cache.Root) : null;
            if (!limited || known is { } estimate && Within(estimate)) return;
            var usage = await _store.MeasureAsync(_cache.Root).ConfigureAwait(false);
            if (Within(usage))
            {
                _runtime.SetKnownUsage(_cache.Root, usage);
                return;
            }
            await _runtime.SaveAsync().ConfigureAwait(false); // access times and counts the policy orders by
            var candidates = new List<CacheRecordEntry>();
            await foreach (var item in _store.ScanAsync(_cache.Root, recursive: true).ConfigureAwait(false))
            {
                if (item.Record is { Kind: EntryKind.File, Dirty: false }) candidates.Add(item);
            }
            candidates.Sort(Options.Policy switch
            {
                EvictionPolicy.Lfu => (a, b) => a.Record.AccessCount != b.Record.AccessCount
                    ? a.Record.AccessCount.CompareTo(b.Record.AccessCount)
                    : a.Record.LastAccessUtc.CompareTo(b.Record.LastAccessUtc),
                EvictionPolicy.Fifo => (a, b) => a.Record.StoredUtc.CompareTo(b.Record.StoredUtc),
                EvictionPolicy.Ttl => (a, b) => Nullable.Compare(a.Record.ValidatedUtc, b.Record.ValidatedUtc),
                _ => (a, b) => a.Record.LastAccessUtc.CompareTo(b.Record.LastAccessUtc),
            });
            var victims = new List<VPath>();
            var left = usage;
            foreach (var candidate in candidates)
            {
                if (Within(left, sixteenthBelow: true)) break;
                victims.Add(candidate.Path);
                left = new CacheUsage(left.Files - 1, left.Bytes - candidate.Record.Size);
            }
            var evicted = await _store.EvictAsync(victims).ConfigureAwait(false);
            _runtime.SetKnownUsage(_cache.Root, new CacheUsage(usage.Files - evicted.Files, usage.Bytes - evicted.Bytes));
            if (evicted.Files > 0) _runtime.Count(new CacheCounters(0, 0, 0, Evictions: evicted.Files, 0, 0, 0));
        }
        catch (NamespaceException)
        {
            CountError();
        }
        finally
        {
            _runtime.EvictionGate.Release();
        }
    }

    private bool Within(CacheUsage usage, bool sixteenthBelow = false) =>
        (Options.MaxSize is not { } size || usage.Bytes <= (sixteenthBelow ? size - size / 16 : size))
        && (Options.MaxEntries is not { } entries || usage.Files <= (sixteenthBelow ? entries - entries / 16 : entries));

    // ---- Helpers ------------------------------------------------------------------------------------------

    private VPath Cached(VPath path) => _cache.Map(path);

    private bool IsFresh(DateTimeOffset? validated) =>
        validated is { } at && at > _runtime.Watermark && Options.Ttl > TimeSpan.Zero && _runtime.Now < at + Options.Ttl;

    private static bool SameVersion(CacheRecord record, NsEntry entry)
    {
        if (record.Kind != entry.Kind) return false;
        if (record.OriginETag is not null && entry.ETag is not null) return record.OriginETag == entry.ETag;
        // An entry that could not tell its size (HTTP without Content-Length) says nothing against the copy's.
        return record.OriginModifiedUtc is { } modified && modified == entry.ModifiedUtc && (entry.SizeUnknown || record.Size == entry.Size);
    }

    private static bool IsTransient(NamespaceException error) => error.Kind == NsErrorKind.Unavailable;

    private NsEntry FromRecord(VPath path, CacheRecord record, CacheState state) =>
        new(path.Name, record.Kind, record.Size, record.Kind == EntryKind.Directory ? DirMode : FileMode,
            record.OriginModifiedUtc ?? record.StoredUtc, record.OriginETag, _label)
        {
            Cache = state,
        };

    private async ValueTask<CacheRecord?> RecordAsync(VPath path, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.GetRecordAsync(Cached(path), cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            CountError(); // a failing cache falls back to the origin
            return null;
        }
    }

    // Forgets what the cache holds at and below a path (clean copies only) and the listing that names it; copies of
    // it still in flight are not kept.
    private async Task ForgetAsync(VPath path)
    {
        _runtime.Spoil(Cached(path));
        try
        {
            await _store.DropAsync(Cached(path)).ConfigureAwait(false);
            if (!path.IsRoot) await _store.DropListingAsync(Cached(path.Parent)).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            CountError();
        }
    }

    // The origin confirmed the copy described by held: it is fresh again, unless it was replaced or dropped while the origin
    // was asked (a write through the namespace, a change event). Then the store holds something newer than the answer,
    // which is left as it is, and false sends the caller to read the store again. A failing store does not undo the answer.
    private async ValueTask<bool> ConfirmAsync(VPath path, CacheRecord held)
    {
        var confirmed = true;
        await QuietlyAsync(async () => confirmed = await _store.MarkValidatedAsync(Cached(path), held, _runtime.Now).ConfigureAwait(false)).ConfigureAwait(false);
        if (confirmed) _runtime.Count(new CacheCounters(0, 0, Revalidations: 1, 0, 0, 0, 0));
        return confirmed;
    }

    /// <summary>Drops a copy that was committed although the origin changed under it meanwhile.</summary>
    internal Task DropSpoiledAsync(VPath cachePath) => QuietlyAsync(async () => await _store.DropAsync(cachePath).ConfigureAwait(false));

    // Copies of what is at path (or, with scope, in it or below it) still being committed are in the store once this completes.
    private Task SettledAsync(VPath path, SettleScope scope) => _runtime.SettledAsync(Cached(path), scope);

    private async Task QuietlyAsync(Func<ValueTask> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            CountError();
        }
    }

    /// <summary>Counts a failure of the cache (or of the origin) in <c>status</c>.</summary>
    internal void CountError() => _runtime.Count(new CacheCounters(0, 0, 0, 0, Errors: 1, 0, 0));

    private void Warn(VPath path, NamespaceException error, DateTimeOffset? validated)
    {
        var when = validated is { } at ? $" last validated {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : string.Empty;
        NamespaceWarnings.Report(new NamespaceException(NsErrorKind.Unavailable, MountPath.Join(path).Value,
            $"origin unavailable ({error.Reason}); serving the cached copy{when}"));
    }
}
