using BenchmarkDotNet.Attributes;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Sqlite.Benchmarks;

/// <summary>
/// What dbfs as a cache store adds to a warm 4 KiB read (the baseline: opening and reading the file):
/// the record lookup and the touch the cache layer makes around it, and each of them alone.
/// Run with <c>dotnet run -c Release --project bench/Namespace.Sqlite.Benchmarks -- --filter '*CacheStore*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CacheStoreBenchmarks
{
    private static readonly VPath File = VPath.Parse("/origin/f");
    private readonly byte[] _buffer = new byte[4096];
    private string _root = null!;
    private DbFileSystem _db = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "dbfs-cache-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _db = (await DbFileSystem.OpenAsync(Path.Combine(_root, "cache.db"))).FileSystem;
        var now = DateTimeOffset.UtcNow;
        await using var fill = await _db.OpenFillAsync(File, new CacheRecord(EntryKind.File, 4096, "\"e\"", null, now, now, now, 0, Dirty: false));
        await fill.WriteAsync(new byte[4096]);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _db.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Read4KiB()
    {
        var cached = await _db.OpenCachedAsync(File);
        await using var stream = cached!.Content;
        return await stream.ReadAtLeastAsync(_buffer, _buffer.Length, throwOnEndOfStream: false);
    }

    [Benchmark]
    public async Task<int> RecordReadAndTouch4KiB()
    {
        var record = await _db.GetRecordAsync(File);
        var cached = await _db.OpenCachedAsync(File);
        await using var stream = cached!.Content;
        var n = await stream.ReadAtLeastAsync(_buffer, _buffer.Length, throwOnEndOfStream: false);
        await _db.TouchAsync(File, DateTimeOffset.UtcNow);
        return n + (int)record!.Size;
    }

    [Benchmark]
    public ValueTask<CacheRecord?> GetRecord() => _db.GetRecordAsync(File);

    [Benchmark]
    public ValueTask Touch() => _db.TouchAsync(File, DateTimeOffset.UtcNow);

    [Benchmark]
    public ValueTask AddCounters() => _db.AddCountersAsync(new Dictionary<VPath, CacheCounters> { [VPath.Root] = new(1, 0, 0, 0, 0, 0, 4096) });
}
