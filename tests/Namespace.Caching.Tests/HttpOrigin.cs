using Microsoft.Extensions.Time.Testing;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Client;
using Namespace.Http.Server;
using Namespace.Sqlite;
using Namespace.Testing;

namespace Namespace.Caching.Tests;

/// <summary>
/// A cached namespace as users build it, on real parts: files in a temp directory served by our origin server, a
/// fault proxy in front of it, httpfs mounted at /web through the proxy, and a dbfs cache element (a real SQLite file)
/// bound before it with <c>mount -bC</c>. The cache's clock is a fake one the test moves.
/// </summary>
internal sealed class HttpOrigin : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private HttpOrigin(TempDirectory temp, OriginServer server, FaultProxy proxy, HttpFileSystem http, IFileProvider cache, FakeTimeProvider clock, VirtualOS os)
    {
        _temp = temp;
        Server = server;
        Proxy = proxy;
        Http = http;
        Cache = cache;
        Clock = clock;
        Os = os;
    }

    public OriginServer Server { get; }
    public FaultProxy Proxy { get; }
    public HttpFileSystem Http { get; }
    /// <summary>The cache element's provider: dbfs on a real SQLite file, or memfs.</summary>
    public IFileProvider Cache { get; private set; }

    /// <summary>The store the cache element keeps its copies in (to look at records directly): dbfs itself, or memfs's store of the cache's own.</summary>
    public ICacheStore Store => Os.Mounts.SelectMany(m => m.Composed).Select(e => e.Provider).OfType<CachedProvider>().First().Runtime.Store;

    /// <summary>
    /// The record the store holds for a cache path, once the copies readers are done with are committed (a reader
    /// does not wait for that; looks through the namespace do).
    /// </summary>
    public async Task<CacheRecord?> RecordAsync(string path)
    {
        await Os.SaveCacheStateAsync();
        return await Store.GetRecordAsync(VPath.Parse(path));
    }

    /// <summary>The runtime of the cache element at /web (its store's misses in flight, for one).</summary>
    internal CacheRuntime Runtime => CacheLayer.CacheElements(Os.Mounts).First(e => e.Mount.Path == VPath.Parse("/web")).Cached.Runtime;

    /// <summary>The cache element when started with <c>gated</c>: its commits and counter saves stop at gates.</summary>
    public GatedStore Gated => (GatedStore)Cache;
    public FakeTimeProvider Clock { get; }
    public VirtualOS Os { get; private set; }
    public string CacheFile => _temp.Combine("cache.db");

    /// <summary>A file on the origin's disk (changed behind the namespace's back).</summary>
    public string OriginFile(string name) => _temp.Combine("origin", name);

    public static async Task<HttpOrigin> StartAsync(string options = "ttl=10m", IEnumerable<KeyValuePair<string, string>>? files = null, bool events = true, bool db = true, bool gated = false, TimeSpan? gatherWindow = null, TimeSpan? busyTimeout = null, TimeSpan? requestTimeout = null)
    {
        var temp = new TempDirectory();
        var root = Directory.CreateDirectory(temp.Combine("origin")).FullName;
        foreach (var (name, content) in files ?? [])
        {
            var file = Path.Combine(root, name.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content);
        }
        var server = await OriginServer.StartAsync(root);
        var proxy = await FaultProxy.StartAsync(server.Url);
        proxy.BlockEvents = !events;
        var http = await HttpFileSystem.ConnectAsync(proxy.Url, new HttpFileSystemOptions
        {
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(2), // short: tests of an origin that hangs wait this long
            Retries = 0,
        });
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        IFileProvider cache = db
            ? (await DbFileSystem.OpenAsync(temp.Combine("cache.db"), new DbOpenOptions { Time = clock, GatherWindow = gatherWindow ?? new DbOpenOptions().GatherWindow, BusyTimeout = busyTimeout ?? new DbOpenOptions().BusyTimeout })).FileSystem
            : new MemoryFileSystem("cache", clock);
        if (gated) cache = new GatedStore(cache);
        var os = await MountAsync(http, cache, options);
        return new HttpOrigin(temp, server, proxy, http, cache, clock, os);
    }

    private static async Task<VirtualOS> MountAsync(HttpFileSystem http, IFileProvider cache, string options)
    {
        var os = new VirtualOS(new CacheLayer());
        await MountInAsync(os, http, cache, options);
        return os;
    }

    private static async Task MountInAsync(VirtualOS os, HttpFileSystem http, IFileProvider cache, string options)
    {
        await os.MountAsync("/web", http);
        var parsed = options.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(o => o.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p.Length > 1 ? p[1] : "")).ToList();
        await os.MountAsync("/web", cache, new BindOptions(BindPosition.Before, Cache: true, Options: parsed));
    }

    /// <summary>
    /// Unmounts /web (its cache element stops once no namespace runs it) and mounts it again in the same namespace over the
    /// same cache provider: a stop and a start of the element, with what its store holds kept.
    /// </summary>
    public async Task RemountAsync(string options = "ttl=10m")
    {
        await Os.UnmountAsync("/web");
        await MountInAsync(Os, Http, Cache, options);
    }

    /// <summary>Closes the cache database and opens it again in a new namespace (a restart of the program).</summary>
    public async Task RestartAsync(string options = "ttl=10m")
    {
        await Os.SaveCacheStateAsync();
        await ((DbFileSystem)Cache).DisposeAsync();
        Cache = (await DbFileSystem.OpenAsync(CacheFile, new DbOpenOptions { Time = Clock })).FileSystem;
        Os = await MountAsync(Http, Cache, options);
    }

    /// <summary>
    /// Returns once change events from the origin reach watchers of /web: probe files are written on the origin until a
    /// watcher is told of one (the event stream connects in the background).
    /// </summary>
    public async Task WaitForWatcherAsync(CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probe = Task.Run(async () =>
        {
            await foreach (var change in Os.Watch("/web", cancellationToken: stop.Token))
            {
                if (change.Path.Name.StartsWith("probe", StringComparison.Ordinal)) seen.TrySetResult();
            }
        });
        for (var i = 0; !seen.Task.IsCompleted; i++)
        {
            await File.WriteAllTextAsync(OriginFile($"probe{i}"), "x");
            await Task.WhenAny(seen.Task, Task.Delay(200, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
        await stop.CancelAsync();
        try
        {
            await probe;
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Change events flow once a change made on the origin's disk comes back as an event.
    public async ValueTask DisposeAsync()
    {
        await Os.SaveCacheStateAsync();
        if (Cache is IAsyncDisposable disposable) await disposable.DisposeAsync();
        Http.Dispose();
        await Proxy.DisposeAsync();
        await Server.DisposeAsync();
        _temp.Dispose();
    }
}
