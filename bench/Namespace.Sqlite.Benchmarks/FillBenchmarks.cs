using BenchmarkDotNet.Attributes;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Sqlite.Benchmarks;

/// <summary>
/// What storing small fetched files costs dbfs as a cache store: 1,000 fills of 1 KiB into an empty file, committed one
/// after another (each its own transaction, as a reader going through files one at a time makes them) against all
/// opened first and committed at once (so they share transactions: group commit). The baseline is the first.
/// Run with <c>dotnet run -c Release --project bench/Namespace.Sqlite.Benchmarks -- --filter '*FillBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FillBenchmarks
{
    private const int Files = 1000;
    private static readonly byte[] Content = new byte[1024];
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly CacheRecord Fetched = new(EntryKind.File, Content.Length, "\"e\"", Now, Now, Now, Now, 0, Dirty: false);
    private string _root = null!;
    private DbFileSystem _db = null!;
    private int _generation;

    [GlobalSetup]
    public void Setup() => _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "dbfs-fill-bench-" + Guid.NewGuid().ToString("N"))).FullName;

    [IterationSetup]
    public void EmptyFile() => _db = DbFileSystem.OpenAsync(Path.Combine(_root, $"c{++_generation}.db")).AsTask().GetAwaiter().GetResult().FileSystem;

    [IterationCleanup]
    public void Close() => _db.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true, Description = "1,000 fills, one after another")]
    [InvocationCount(1)]
    public async Task OneAfterAnother()
    {
        for (var i = 0; i < Files; i++)
        {
            await using var fill = await _db.OpenFillAsync(VPath.Parse($"/d/f{i:D4}"), Fetched, checkNow: false);
            await fill.WriteAsync(Content);
        }
    }

    [Benchmark(Description = "1,000 fills, committed at once")]
    [InvocationCount(1)]
    public async Task AllAtOnce()
    {
        var fills = new NsWriteStream[Files];
        for (var i = 0; i < Files; i++)
        {
            fills[i] = await _db.OpenFillAsync(VPath.Parse($"/d/f{i:D4}"), Fetched, checkNow: false);
            await fills[i].WriteAsync(Content);
        }
        await Task.WhenAll(fills.Select(f => f.DisposeAsync().AsTask()));
    }
}
