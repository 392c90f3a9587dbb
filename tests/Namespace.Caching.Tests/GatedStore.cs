using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching.Tests;

/// <summary>
/// A cache store (the real one underneath) whose fill commits and counter saves stop at gates the test controls,
/// so a test can look at the namespace while a copy or the counters are still being written.
/// </summary>
internal sealed class GatedStore(IFileProvider inner) : ProviderDecorator(inner), ICacheStore, IAsyncDisposable
{
    private readonly ICacheStore _store = (ICacheStore)inner;

    /// <summary>A fill's commit (disposing its stream) waits here.</summary>
    public Gate Commits { get; } = new();

    /// <summary>Saving counters (<see cref="ICacheStore.AddCountersAsync"/>) waits here.</summary>
    public Gate CounterSaves { get; } = new();

    public TimeProvider Clock => _store.Clock;

    public ValueTask<CacheRecord?> GetRecordAsync(VPath path, CancellationToken cancellationToken = default) => _store.GetRecordAsync(path, cancellationToken);
    public ValueTask<CachedFile?> OpenCachedAsync(VPath path, CancellationToken cancellationToken = default) => _store.OpenCachedAsync(path, cancellationToken);
    public ValueTask SetRecordAsync(VPath path, CacheRecord record, CancellationToken cancellationToken = default) => _store.SetRecordAsync(path, record, cancellationToken);
    public ValueTask<bool> MarkValidatedAsync(VPath path, CacheRecord held, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default) => _store.MarkValidatedAsync(path, held, validatedUtc, cancellationToken);
    public ValueTask TouchAsync(VPath path, DateTimeOffset when, CancellationToken cancellationToken = default) => _store.TouchAsync(path, when, cancellationToken);
    public ValueTask<long> DropAsync(VPath path, DateTimeOffset? validatedBefore = null, bool keepPath = false, CancellationToken cancellationToken = default) => _store.DropAsync(path, validatedBefore, keepPath, cancellationToken);
    public ValueTask<CacheUsage> EvictAsync(IReadOnlyList<VPath> files, CancellationToken cancellationToken = default) => _store.EvictAsync(files, cancellationToken);
    public ValueTask<CacheListing?> GetListingAsync(VPath path, CancellationToken cancellationToken = default) => _store.GetListingAsync(path, cancellationToken);
    public ValueTask<CacheListed?> GetListedAsync(VPath directory, string name, CancellationToken cancellationToken = default) => _store.GetListedAsync(directory, name, cancellationToken);
    public ValueTask SetListingAsync(VPath path, CacheListing listing, CancellationToken cancellationToken = default) => _store.SetListingAsync(path, listing, cancellationToken);
    public ValueTask DropListingAsync(VPath path, CancellationToken cancellationToken = default) => _store.DropListingAsync(path, cancellationToken);
    /// <summary>How many times the whole cache was scanned (an eviction pass reads every record).</summary>
    public int RecursiveScans => Volatile.Read(ref _recursiveScans);
    private int _recursiveScans;

    /// <summary>How many times the store was asked how much it holds.</summary>
    public int Measures => Volatile.Read(ref _measures);
    private int _measures;

    public IAsyncEnumerable<CacheRecordEntry> ScanAsync(VPath path, bool recursive, CancellationToken cancellationToken = default)
    {
        if (recursive) Interlocked.Increment(ref _recursiveScans);
        return _store.ScanAsync(path, recursive, cancellationToken);
    }

    public ValueTask<CacheUsage> MeasureAsync(VPath path, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _measures);
        return _store.MeasureAsync(path, cancellationToken);
    }
    public ValueTask<CacheCounters> ReadCountersAsync(CancellationToken cancellationToken = default) => _store.ReadCountersAsync(cancellationToken);

    public async ValueTask AddCountersAsync(CacheCounters delta, CancellationToken cancellationToken = default)
    {
        await CounterSaves.PassAsync();
        await _store.AddCountersAsync(delta, cancellationToken);
    }

    /// <summary>Runs as a fill opens (a test cancels the caller's token at that moment).</summary>
    public Action? BeforeFill { get; set; }

    public async ValueTask<NsWriteStream> OpenFillAsync(VPath path, CacheRecord record, bool checkNow = true, CancellationToken cancellationToken = default)
    {
        BeforeFill?.Invoke();
        return new GatedFill(await _store.OpenFillAsync(path, record, checkNow, cancellationToken), Commits);
    }

    public ValueTask DisposeAsync() => Inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private sealed class GatedFill(NsWriteStream inner, Gate gate) : NsWriteStream
    {
        private bool _done;

        public override long Length => inner.Length;
        public override void Flush() => inner.Flush();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing) DisposeAsync().AsTask().GetAwaiter().GetResult();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            if (_done) return;
            _done = true;
            if (Aborted) inner.Abort();
            else await gate.PassAsync();
            await inner.DisposeAsync();
        }
    }
}
