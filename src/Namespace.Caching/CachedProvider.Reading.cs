using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

// Reading: the warm path, revalidation, misses (one fetch per path, streamed into the cache as it is read).
internal sealed partial class CachedProvider
{
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
        if (ReadsByRange(entry)) return Ranged(path, CopyOf(entry));
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
        // Under write-back, lookup knows what the journal removed.
        if (file is null) return Journal is null ? await TryOpenMissAsync(path, cancellationToken).ConfigureAwait(false) : null;
        if (file.Record.Partial)
        {
            if (IsFresh(file.Record.ValidatedUtc)) return await OpenRangedCopyAsync(path, file).ConfigureAwait(false);
            await file.Content.DisposeAsync().ConfigureAwait(false);
            return null; // lookup revalidates it
        }
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
        var held = new CacheValidator(record.OriginETag, record.OriginModifiedUtc);
        (NsEntry Entry, Stream Content, bool Whole)? changed;
        try
        {
            changed = Origin.OpensRanges
                ? await OpenStartAsync(path, held, cancellationToken).ConfigureAwait(false)
                : await Origin.OpenReadIfChangedAsync(path, held, cancellationToken).ConfigureAwait(false) is { } whole ? Whole(whole) : null;
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
        try
        {
            return await ReadFromStartAsync(path, opened, flight, checkNow: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            flight.Land();
            throw;
        }
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
            (NsEntry Entry, Stream Content, bool Whole) opened;
            try
            {
                opened = Origin.OpensRanges
                    ? (await OpenStartAsync(path, null, cancellationToken).ConfigureAwait(false))!.Value
                    : Whole(await Origin.OpenReadWithEntryAsync(path, cancellationToken).ConfigureAwait(false));
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
            // The store was just found to hold nothing there: its checks can wait for the commit.
            return await ReadFromStartAsync(path, opened, flight, checkNow: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            flight.Land();
            throw;
        }
    }

    // What an origin that opens files only whole sent, as OpenStartAsync's answer.
    private static (NsEntry Entry, Stream Content, bool Whole) Whole((NsEntry Entry, Stream Content) opened) => (opened.Entry, opened.Content, true);

    private async ValueTask<Stream?> TryOpenCachedAsync(VPath path, long size, CancellationToken cancellationToken)
    {
        if (await _store.OpenCachedAsync(Cached(path), cancellationToken).ConfigureAwait(false) is not { } file) return null;
        if (file.Record.Partial) return await OpenRangedCopyAsync(path, file).ConfigureAwait(false);
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
            var fill = await _store.OpenFillAsync(cachePath, CopyOf(entry), checkNow, cancellationToken).ConfigureAwait(false);
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
}
