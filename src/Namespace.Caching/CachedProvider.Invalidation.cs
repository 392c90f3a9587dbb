using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

// Invalidation, purge and eviction: what the origin changed goes, purge tickers, limits.
internal sealed partial class CachedProvider
{
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
}
