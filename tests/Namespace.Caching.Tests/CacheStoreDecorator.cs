using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching.Tests;

/// <summary>
/// A provider that is also a cache store: file operations pass to <paramref name="files"/>, store operations to
/// <paramref name="store"/> (the same object for dbfs; a <see cref="MemoryCacheStore"/> beside a memfs). A test's store
/// overrides only what it changes.
/// </summary>
internal abstract class CacheStoreDecorator(IFileProvider files, ICacheStore store) : ProviderDecorator(files), ICacheStore
{
    protected ICacheStore Store => store;

    public TimeProvider Clock => store.Clock;
    public ValueTask<CacheRecord?> GetRecordAsync(VPath path, CancellationToken cancellationToken = default) => store.GetRecordAsync(path, cancellationToken);
    public ValueTask<CachedFile?> OpenCachedAsync(VPath path, CancellationToken cancellationToken = default) => store.OpenCachedAsync(path, cancellationToken);
    public virtual ValueTask<NsWriteStream> OpenFillAsync(VPath path, CacheRecord record, bool checkNow = true, CancellationToken cancellationToken = default) => store.OpenFillAsync(path, record, checkNow, cancellationToken);
    public int BlockSize => store.BlockSize;
    public ValueTask<int?> ReadRangeAsync(VPath path, CacheRecord version, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default) => store.ReadRangeAsync(path, version, offset, buffer, cancellationToken);
    public virtual ValueTask WriteRangeAsync(VPath path, CacheRecord record, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => store.WriteRangeAsync(path, record, offset, data, cancellationToken);
    public ValueTask<IReadOnlyList<ByteRange>> GetRangesAsync(VPath path, CancellationToken cancellationToken = default) => store.GetRangesAsync(path, cancellationToken);
    public ValueTask SetRecordAsync(VPath path, CacheRecord record, CancellationToken cancellationToken = default) => store.SetRecordAsync(path, record, cancellationToken);
    public ValueTask<bool> MarkValidatedAsync(VPath path, CacheRecord held, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default) => store.MarkValidatedAsync(path, held, validatedUtc, cancellationToken);
    public ValueTask TouchAsync(VPath path, DateTimeOffset when, CancellationToken cancellationToken = default) => store.TouchAsync(path, when, cancellationToken);
    public ValueTask<long> DropAsync(VPath path, DateTimeOffset? validatedBefore = null, bool keepPath = false, CancellationToken cancellationToken = default) => store.DropAsync(path, validatedBefore, keepPath, cancellationToken);
    public ValueTask<CacheUsage> EvictAsync(IReadOnlyList<VPath> files, CancellationToken cancellationToken = default) => store.EvictAsync(files, cancellationToken);
    public ValueTask<CacheListing?> GetListingAsync(VPath path, CancellationToken cancellationToken = default) => store.GetListingAsync(path, cancellationToken);
    public ValueTask<CacheListed?> GetListedAsync(VPath directory, string name, CancellationToken cancellationToken = default) => store.GetListedAsync(directory, name, cancellationToken);
    public ValueTask SetListingAsync(VPath path, CacheListing listing, CancellationToken cancellationToken = default) => store.SetListingAsync(path, listing, cancellationToken);
    public ValueTask DropListingAsync(VPath path, CancellationToken cancellationToken = default) => store.DropListingAsync(path, cancellationToken);
    public virtual IAsyncEnumerable<CacheRecordEntry> ScanAsync(VPath path, bool recursive, CancellationToken cancellationToken = default) => store.ScanAsync(path, recursive, cancellationToken);
    public virtual ValueTask<CacheUsage> MeasureAsync(VPath path, CancellationToken cancellationToken = default) => store.MeasureAsync(path, cancellationToken);
    public ValueTask<CacheCounters> ReadCountersAsync(VPath root, CancellationToken cancellationToken = default) => store.ReadCountersAsync(root, cancellationToken);
    public virtual ValueTask AddCountersAsync(IReadOnlyDictionary<VPath, CacheCounters> deltas, CancellationToken cancellationToken = default) => store.AddCountersAsync(deltas, cancellationToken);
}
