using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Namespace.Core.Local;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Sqlite.Benchmarks;

/// <summary>
/// dbfs against localfs (the baseline of each category) on the same disk: stat, listing a
/// 10,000-entry directory, and writing and reading a 1 MiB file through streams (both commit durably).
/// Run with <c>dotnet run -c Release --project bench/Namespace.Sqlite.Benchmarks</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DbFileSystemBenchmarks
{
    private const int BigDirectoryEntries = 10_000;
    private static readonly VPath File = VPath.Parse("/d/f");
    private static readonly VPath Big = VPath.Parse("/big");
    private static readonly VPath Payload = VPath.Parse("/payload");
    private readonly byte[] _content = new byte[1 << 20];
    private readonly byte[] _buffer = new byte[81920];
    private string _root = null!;
    private DbFileSystem _db = null!;
    private LocalFileSystem _local = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        new Random(1).NextBytes(_content);
        _root = Path.Combine(Path.GetTempPath(), "dbfs-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_root, "local"));
        _db = (await DbFileSystem.OpenAsync(Path.Combine(_root, "bench.db"))).FileSystem;
        _local = new LocalFileSystem(Path.Combine(_root, "local"));
        foreach (var fs in new IFileProvider[] { _db, _local })
        {
            await fs.CreateDirectoryAsync(VPath.Parse("/d"));
            await WriteAsync(fs, File, "data"u8.ToArray());
            await fs.CreateDirectoryAsync(Big);
            for (var i = 0; i < BigDirectoryEntries; i++) await WriteAsync(fs, Big.Child($"entry{i:D5}"), "x"u8.ToArray());
            await WriteAsync(fs, Payload, _content);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _db.DisposeAsync();
        _local.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("stat")]
    public ValueTask<NsEntry?> StatLocal() => _local.StatAsync(File);

    [Benchmark, BenchmarkCategory("stat")]
    public ValueTask<NsEntry?> StatDb() => _db.StatAsync(File);

    [Benchmark(Baseline = true), BenchmarkCategory("list")]
    public Task<int> ListLocal() => CountAsync(_local);

    [Benchmark, BenchmarkCategory("list")]
    public Task<int> ListDb() => CountAsync(_db);

    [Benchmark(Baseline = true), BenchmarkCategory("write 1 MiB")]
    public Task WriteLocal() => WriteAsync(_local, Payload, _content);

    [Benchmark, BenchmarkCategory("write 1 MiB")]
    public Task WriteDb() => WriteAsync(_db, Payload, _content);

    [Benchmark(Baseline = true), BenchmarkCategory("read 1 MiB")]
    public Task<long> ReadLocal() => ReadAsync(_local);

    [Benchmark, BenchmarkCategory("read 1 MiB")]
    public Task<long> ReadDb() => ReadAsync(_db);

    private static async Task<int> CountAsync(IFileProvider fs)
    {
        var n = 0;
        await foreach (var _ in fs.ListAsync(Big)) n++;
        return n;
    }

    private static async Task WriteAsync(IFileProvider fs, VPath path, byte[] content)
    {
        await using var stream = await fs.OpenWriteAsync(path, WriteMode.Replace);
        await stream.WriteAsync(content);
    }

    private async Task<long> ReadAsync(IFileProvider fs)
    {
        await using var stream = await fs.OpenReadAsync(Payload);
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(_buffer)) > 0) total += n;
        return total;
    }
}
