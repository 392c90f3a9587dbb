using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

// Changes: writes through the cache (the origin first, then the copy), directories, removes and renames, change events passed on.
internal sealed partial class CachedProvider
{
    public async ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default)
    {
        Follow();
        await SettledAsync(path, SettleScope.Path).ConfigureAwait(false);
        if (Options.Mode == CacheMode.ReadOnly) throw NsErrors.ReadOnly(path);
        if (Journal is { } journal) return await OpenLocalWriteAsync(journal, path, mode, cancellationToken).ConfigureAwait(false);
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
            // A ranged copy there now is of a version read before this write (a range kept while it committed), not what it wrote.
            if (entry is null || entry.IsDirectory || record is null || record.Dirty || record.Partial)
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
        if (Journal is { } journal)
        {
            await MakeLocalDirectoryAsync(journal, path, cancellationToken).ConfigureAwait(false);
            return;
        }
        await _origin.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        await QuietlyAsync(() => _store.DropListingAsync(Cached(path.Parent), CancellationToken.None)).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default)
    {
        if (Options.Mode == CacheMode.ReadOnly) throw NsErrors.ReadOnly(path);
        if (Journal is { } journal)
        {
            await RemoveLocallyAsync(journal, path, recursive, cancellationToken).ConfigureAwait(false);
            return;
        }
        await ChangeOriginAsync(() => _origin.DeleteAsync(path, recursive, cancellationToken), path).ConfigureAwait(false);
    }

    public async ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default)
    {
        if (Options.Mode == CacheMode.ReadOnly) throw NsErrors.ReadOnly(from);
        if (Journal is { } journal)
        {
            await MoveLocallyAsync(journal, from, to, cancellationToken).ConfigureAwait(false);
            return;
        }
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
}
