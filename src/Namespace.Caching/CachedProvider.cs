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
/// Its jobs are in files named for them: <c>.Lookup</c> (stat, listings), <c>.Reading</c> (warm reads, revalidation,
/// misses), <c>.Writing</c> (changes through the cache), <c>.Invalidation</c> (change events, purge, eviction),
/// <c>.Lifetime</c> (start, stop, following the origin); this file holds what they share.
/// </summary>
internal sealed partial class CachedProvider : IFileProvider, IOpenWithLookup, IWriteWithoutLookup
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
        if (Journal is not null) Uploader = new Uploader(store, cache.Root, origin, options, CountError, runtime.Host.Writing);
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
    // it still in flight are not kept, nor are ranges being fetched there.
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
