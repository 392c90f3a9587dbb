using Namespace.Core.Memory;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching.Tests;

/// <summary>
/// A memfs that is also a cache store of its own (a <see cref="MemoryCacheStore"/> beside it), so a test can mount it as a
/// cache element and look at the store directly, or wrap it (<see cref="GatedStore"/>), as it can a dbfs.
/// </summary>
internal sealed class MemoryStoreProvider(string label, TimeProvider clock) : ProviderDecorator(new MemoryFileSystem(label, clock)), ICacheStore
{
    private readonly MemoryCacheStore _store = new(clock);

    public TimeProvider Clock => _store.Clock;
    public ValueTask<CacheRecord?> GetRecordAsync(VPath path, CancellationToken cancellationToken = default) => _store.GetRecordAsync(path, cancellationToken);
    public ValueTask<CachedFile?> OpenCachedAsync(VPath path, CancellationToken cancellationToken = default) => _store.OpenCachedAsync(path, cancellationToken);
    public ValueTask<NsWriteStream> OpenFillAsync(VPath path, CacheRecord record, bool checkNow = true, CancellationToken cancellationToken = default) => _store.OpenFillAsync(path, record, checkNow, cancellationToken);
    public ValueTask SetRecordAsync(VPath path, CacheRecord record, CancellationToken cancellationToken = default) => _store.SetRecordAsync(path, record, cancellationToken);
    public ValueTask<bool> MarkValidatedAsync(VPath path, CacheRecord held, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default) => _store.MarkValidatedAsync(path, held, validatedUtc, cancellationToken);
    public ValueTask TouchAsync(VPath path, DateTimeOffset when, CancellationToken cancellationToken = default) => _store.TouchAsync(path, when, cancellationToken);
    public ValueTask<long> DropAsync(VPath path, DateTimeOffset? validatedBefore = null, bool keepPath = false, CancellationToken cancellationToken = default) => _store.DropAsync(path, validatedBefore, keepPath, cancellationToken);
    public ValueTask<CacheUsage> EvictAsync(IReadOnlyList<VPath> files, CancellationToken cancellationToken = default) => _store.EvictAsync(files, cancellationToken);
    public ValueTask<CacheListing?> GetListingAsync(VPath path, CancellationToken cancellationToken = default) => _store.GetListingAsync(path, cancellationToken);
    public ValueTask<CacheListed?> GetListedAsync(VPath directory, string name, CancellationToken cancellationToken = default) => _store.GetListedAsync(directory, name, cancellationToken);
    public ValueTask SetListingAsync(VPath path, CacheListing listing, CancellationToken cancellationToken = default) => _store.SetListingAsync(path, listing, cancellationToken);
    public ValueTask DropListingAsync(VPath path, CancellationToken cancellationToken = default) => _store.DropListingAsync(path, cancellationToken);
    public IAsyncEnumerable<CacheRecordEntry> ScanAsync(VPath path, bool recursive, CancellationToken cancellationToken = default) => _store.ScanAsync(path, recursive, cancellationToken);
    public ValueTask<CacheUsage> MeasureAsync(VPath path, CancellationToken cancellationToken = default) => _store.MeasureAsync(path, cancellationToken);
    public ValueTask<CacheCounters> ReadCountersAsync(CancellationToken cancellationToken = default) => _store.ReadCountersAsync(cancellationToken);
    public ValueTask AddCountersAsync(CacheCounters delta, CancellationToken cancellationToken = default) => _store.AddCountersAsync(delta, cancellationToken);
}
