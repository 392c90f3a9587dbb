using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using Namespace.Caching;
using Namespace.Core.Local;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;
using Namespace.Http.Client;
using Namespace.Http.Server;

namespace Namespace.Sqlite.Benchmarks;

/// <summary>
/// Cache elements (issue: cache elements and dbfs), each category against its baseline in the same run:
/// <list type="bullet">
/// <item><c>warm</c>: reading a cached 4 KiB file through <c>mount -bC -t db</c> in front of an origin, vs reading the
/// same bytes straight from the SQLite file with Microsoft.Data.Sqlite (one prepared query for the row, one
/// <see cref="SqliteBlob"/> read). Target: at most 1.1x the raw read (ratio at most 1.1).</item>
/// <item><c>cold-http</c>: reading 1,000 small files once through an empty cache in front of httpfs (our origin server on
/// loopback), until all 1,000 copies are committed, vs reading them directly from httpfs.</item>
/// <item><c>cold-http</c> also reads the files after listing their directory (the listing is then in the cache, and each
/// miss looks up its name in it), and has a floor: the same direct reads, each file's bytes handed to a second thread that keeps
/// them in a plain SQLite table (one row per file, as many rows per transaction as are waiting, WAL, no fsync at commit,
/// as dbfs commits copies). No cache that keeps its copies in SQLite does less; its ratio is what this machine allows.
/// Target: the empty cache at most 1.15x the floor (its ratio divided by the floor's at most 1.15).</item>
/// <item><c>cold-http</c> also reads them through a cache with <c>maxentries=250</c>: full from the 251st file on, so the
/// last 750 fills each find the cache over its limit (eviction's cost at capacity).</item>
/// <item><c>cold-http-1ms</c>: the same 1,000 reads, directly and through an empty cache, with 1 ms added to every request
/// to the origin (a <see cref="DelayingHandler"/> on httpfs's client: an origin 1 ms away rather than on loopback, where a
/// fetch costs about as much as keeping its copy). The log line <c>// origin latency:</c> says what requests actually waited.
/// Target: the empty cache at most 1.2x direct (ratio at most 1.2).</item>
/// <item><c>cold-local</c>: the same with localfs as the origin (informational: a local disk is no origin anyone caches).</item>
/// </list>
/// Run with <c>scripts/bench/cache</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CacheBenchmarks
{
    private const int SmallFiles = 1000;
    private const int FullAt = 250;
    private static readonly TimeSpan OriginLatency = TimeSpan.FromMilliseconds(1);
    private readonly byte[] _buffer = new byte[8192];
    private string _root = null!;
    private OriginServer _server = null!;
    private HttpFileSystem _http = null!;
    private DelayingHandler _latency = null!;
    private HttpClient _distantClient = null!;
    private HttpFileSystem _distant = null!;
    private LocalFileSystem _local = null!;
    private DbFileSystem _warmCache = null!;
    private VirtualOS _warm = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _rawRow = null!;
    private VirtualOS _direct = null!;
    private VirtualOS _directDistant = null!;
    private VirtualOS _coldHttp = null!;
    private VirtualOS _coldLocal = null!;
    private VirtualOS _coldHttpFull = null!;
    private VirtualOS _coldDistant = null!;
    private DbFileSystem? _coldCache;
    private SqliteConnection? _floor;
    private int _generation;

    [GlobalSetup]
    public async Task Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "cache-bench-" + Guid.NewGuid().ToString("N"));
        var origin = Directory.CreateDirectory(Path.Combine(_root, "origin")).FullName;
        var content = new byte[4096];
        new Random(1).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(origin, "f4k"), content);
        Directory.CreateDirectory(Path.Combine(origin, "small"));
        for (var i = 0; i < SmallFiles; i++) await File.WriteAllBytesAsync(Path.Combine(origin, "small", $"f{i:D4}"), content.AsMemory(0, 1024).ToArray());
        _server = await OriginServer.StartAsync(origin);
        _http = await HttpFileSystem.ConnectAsync(_server.Url);
        _latency = new DelayingHandler(OriginLatency);
        _distantClient = new HttpClient(_latency) { Timeout = Timeout.InfiniteTimeSpan };
        _distant = await HttpFileSystem.ConnectAsync(_server.Url, new HttpFileSystemOptions { Client = _distantClient });
        _local = new LocalFileSystem(origin);

        _warmCache = (await DbFileSystem.OpenAsync(Path.Combine(_root, "warm.db"))).FileSystem;
        _warm = new VirtualOS(new CacheLayer());
        await _warm.MountAsync("/web", _http);
        await _warm.MountAsync("/web", _warmCache, new BindOptions(BindPosition.Before, Cache: true, Options: [new("ttl", "1d")]));
        await _warm.ReadAllBytesAsync("/web/f4k");
        await _warm.SaveCacheStateAsync(); // the copy is committed behind its reader: in the file before the raw query looks

        _raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_root, "warm.db"), Mode = SqliteOpenMode.ReadOnly }.ToString());
        _raw.Open();
        _rawRow = _raw.CreateCommand();
        _rawRow.CommandText = "SELECT c.rowid FROM cache_entries e JOIN chunks c ON c.content_id = e.content_id AND c.seq = 0 WHERE e.path = $path";
        _rawRow.Parameters.AddWithValue("$path", "/f4k");
        _rawRow.Prepare();

        _direct = new VirtualOS(new CacheLayer());
        await _direct.MountAsync("/web", _http);
        await _direct.MountAsync("/local", _local);
        _directDistant = new VirtualOS();
        await _directDistant.MountAsync("/web", _distant);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _rawRow.Dispose();
        _raw.Dispose();
        await _warmCache.DisposeAsync();
        if (_coldCache is not null) await _coldCache.DisposeAsync();
        _floor?.Dispose();
        _http.Dispose();
        _distant.Dispose();
        _distantClient.Dispose();
        // In the log of a cold-http-1ms case: what its held-back requests actually waited (the other cases send one, connecting).
        if (_latency.Requests > 1) Console.WriteLine($"// origin latency: {_latency.Summary}");
        await _server.DisposeAsync();
        _local.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "raw SqliteBlob 4 KiB")]
    [BenchmarkCategory("warm")]
    public int WarmRaw()
    {
        var rowid = (long)_rawRow.ExecuteScalar()!;
        using var blob = new SqliteBlob(_raw, "chunks", "data", rowid, readOnly: true);
        var total = 0;
        int n;
        while ((n = blob.Read(_buffer, 0, _buffer.Length)) > 0) total += n;
        return total;
    }

    [Benchmark(Description = "cached 4 KiB through bind -bC")]
    [BenchmarkCategory("warm")]
    public async Task<int> WarmCached()
    {
        await using var stream = await _warm.OpenReadAsync("/web/f4k");
        var total = 0;
        int n;
        while ((n = await stream.ReadAsync(_buffer)) > 0) total += n;
        return total;
    }

    [IterationSetup(Target = nameof(ColdHttpFloor))]
    public void EmptyFloor()
    {
        _floor?.Dispose();
        _floor = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_root, $"floor{++_generation}.db"), Pooling = false }.ToString());
        _floor.Open();
        using var setup = _floor.CreateCommand();
        setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE files (path TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID";
        setup.ExecuteNonQuery();
    }

    [IterationSetup(Targets = [nameof(ColdHttpCached), nameof(ColdLocalCached)])]
    public void EmptyCache()
    {
        // A new, empty cache file each iteration: every read is a miss.
        _coldCache?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var file = Path.Combine(_root, $"cold{++_generation}.db");
        _coldCache = DbFileSystem.OpenAsync(file).AsTask().GetAwaiter().GetResult().FileSystem;
        _coldHttp = CachedUnion("/web", _http);
        _coldLocal = CachedUnion("/local", _local);
    }

    [IterationSetup(Target = nameof(ColdHttpCachedFull))]
    public void EmptyBoundedCache()
    {
        EmptyCache();
        _coldHttpFull = CachedUnion("/web", _http, [new("maxentries", FullAt.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    [IterationSetup(Target = nameof(ColdDistantCached))]
    public void EmptyCacheOverDistantOrigin()
    {
        EmptyCache();
        _coldDistant = CachedUnion("/web", _distant);
    }

    // A namespace with the origin mounted at the path and the current cold cache bound before it as its cache element.
    private VirtualOS CachedUnion(string path, IFileProvider origin, IReadOnlyList<KeyValuePair<string, string>>? options = null)
    {
        var os = new VirtualOS(new CacheLayer());
        os.MountAsync(path, origin).AsTask().GetAwaiter().GetResult();
        os.MountAsync(path, _coldCache!, new BindOptions(BindPosition.Before, Cache: true, Options: options)).AsTask().GetAwaiter().GetResult();
        return os;
    }

    [IterationSetup(Target = nameof(ColdHttpCachedAfterListing))]
    public void EmptyCacheListed()
    {
        EmptyCache();
        _coldHttp.ListAsync("/web/small").ToListAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "1,000 files from httpfs")]
    [BenchmarkCategory("cold-http")]
    [InvocationCount(1)]
    public Task<long> ColdHttpDirect() => ReadAllAsync(_direct, "/web/small");

    [Benchmark(Description = "1,000 files through an empty cache over httpfs")]
    [BenchmarkCategory("cold-http")]
    [InvocationCount(1)]
    public Task<long> ColdHttpCached() => ReadAllAsync(_coldHttp, "/web/small");

    [Benchmark(Description = "1,000 files through an empty cache over httpfs, their directory listed first")]
    [BenchmarkCategory("cold-http")]
    [InvocationCount(1)]
    public Task<long> ColdHttpCachedAfterListing() => ReadAllAsync(_coldHttp, "/web/small");

    [Benchmark(Description = "1,000 files through an empty cache over httpfs with maxentries=250 (full from the 251st)")]
    [BenchmarkCategory("cold-http")]
    [InvocationCount(1)]
    public Task<long> ColdHttpCachedFull() => ReadAllAsync(_coldHttpFull, "/web/small");

    [Benchmark(Description = "floor: 1,000 files from httpfs, kept in a plain SQLite table")]
    [BenchmarkCategory("cold-http")]
    [InvocationCount(1)]
    public async Task<long> ColdHttpFloor()
    {
        var kept = Channel.CreateUnbounded<(string Path, byte[] Data)>();
        var keeper = Task.Run(async () =>
        {
            using var insert = _floor!.CreateCommand();
            insert.CommandText = "INSERT INTO files (path, data) VALUES ($path, $data)";
            var path = insert.Parameters.Add("$path", SqliteType.Text);
            var data = insert.Parameters.Add("$data", SqliteType.Blob);
            using var begin = _floor.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            using var commit = _floor.CreateCommand();
            commit.CommandText = "COMMIT";
            while (await kept.Reader.WaitToReadAsync())
            {
                begin.ExecuteNonQuery();
                while (kept.Reader.TryRead(out var file))
                {
                    (path.Value, data.Value) = file;
                    insert.ExecuteNonQuery();
                }
                commit.ExecuteNonQuery();
            }
        });
        long total = 0;
        for (var i = 0; i < SmallFiles; i++)
        {
            var path = $"/web/small/f{i:D4}";
            await using var stream = await _direct.OpenReadAsync(path);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            total += copy.Length;
            kept.Writer.TryWrite((path, copy.ToArray()));
        }
        kept.Writer.Complete();
        await keeper;
        return total;
    }

    [Benchmark(Baseline = true, Description = "1,000 files from httpfs, 1 ms added to each request")]
    [BenchmarkCategory("cold-http-1ms")]
    [InvocationCount(1)]
    public Task<long> ColdDistantDirect() => ReadAllAsync(_directDistant, "/web/small");

    [Benchmark(Description = "1,000 files through an empty cache over httpfs, 1 ms added to each request")]
    [BenchmarkCategory("cold-http-1ms")]
    [InvocationCount(1)]
    public Task<long> ColdDistantCached() => ReadAllAsync(_coldDistant, "/web/small");

    [Benchmark(Baseline = true, Description = "1,000 files from localfs")]
    [BenchmarkCategory("cold-local")]
    [InvocationCount(1)]
    public Task<long> ColdLocalDirect() => ReadAllAsync(_direct, "/local/small");

    [Benchmark(Description = "1,000 files through an empty cache over localfs")]
    [BenchmarkCategory("cold-local")]
    [InvocationCount(1)]
    public Task<long> ColdLocalCached() => ReadAllAsync(_coldLocal, "/local/small");

    private async Task<long> ReadAllAsync(VirtualOS os, string directory)
    {
        long total = 0;
        for (var i = 0; i < SmallFiles; i++)
        {
            await using var stream = await os.OpenReadAsync($"{directory}/f{i:D4}");
            int n;
            while ((n = await stream.ReadAsync(_buffer)) > 0) total += n;
        }
        // Through a cache the copies are committed after their readers are done: the run counts until they are in the
        // store, as a program that exits after reading does (nothing to wait for without a cache).
        await os.SaveCacheStateAsync();
        return total;
    }
}
