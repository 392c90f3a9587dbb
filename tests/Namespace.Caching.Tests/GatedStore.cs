using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching.Tests;

/// <summary>
/// A cache store (the real one underneath) whose fill commits and counter saves stop at gates the test controls,
/// so a test can look at the namespace while a copy or the counters are still being written.
/// </summary>
internal sealed class GatedStore(IFileProvider inner) : CacheStoreDecorator(inner, (ICacheStore)inner), IAsyncDisposable
{
    /// <summary>A fill's commit (disposing its stream) waits here.</summary>
    public Gate Commits { get; } = new();

    /// <summary>Saving counters (<see cref="ICacheIndex.AddCountersAsync"/>) waits here.</summary>
    public Gate CounterSaves { get; } = new();

    /// <summary>How many times the whole cache was scanned (an eviction pass reads every record).</summary>
    public int RecursiveScans => Volatile.Read(ref _recursiveScans);
    private int _recursiveScans;

    /// <summary>How many times the store was asked how much it holds.</summary>
    public int Measures => Volatile.Read(ref _measures);
    private int _measures;

    public override IAsyncEnumerable<CacheRecordEntry> ScanAsync(VPath path, bool recursive, CancellationToken cancellationToken = default)
    {
        if (recursive) Interlocked.Increment(ref _recursiveScans);
        return Store.ScanAsync(path, recursive, cancellationToken);
    }

    public override ValueTask<CacheUsage> MeasureAsync(VPath path, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _measures);
        return Store.MeasureAsync(path, cancellationToken);
    }

    public override async ValueTask AddCountersAsync(IReadOnlyDictionary<VPath, CacheCounters> deltas, CancellationToken cancellationToken = default)
    {
        await CounterSaves.PassAsync();
        await Store.AddCountersAsync(deltas, cancellationToken);
    }

    /// <summary>A ranged fill (<see cref="ICacheContent.WriteRangeAsync"/>) waits here before it reaches the store.</summary>
    public Gate RangeWrites { get; } = new();

    public override async ValueTask WriteRangeAsync(VPath path, CacheRecord record, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        await RangeWrites.PassAsync();
        await Store.WriteRangeAsync(path, record, offset, data, cancellationToken);
    }

    /// <summary>Runs as a fill opens (a test cancels the caller's token at that moment).</summary>
    public Action? BeforeFill { get; set; }

    public override async ValueTask<NsWriteStream> OpenFillAsync(VPath path, CacheRecord record, bool checkNow = true, CancellationToken cancellationToken = default)
    {
        BeforeFill?.Invoke();
        return new GatedFill(await Store.OpenFillAsync(path, record, checkNow, cancellationToken), Commits);
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
