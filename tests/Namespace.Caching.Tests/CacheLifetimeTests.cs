using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Namespace.Core.Local;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Client;
using Namespace.Http.Server;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;
using Namespace.Sqlite;
using Namespace.Testing;

namespace Namespace.Caching.Tests;

/// <summary>
/// The lifetime of cache elements: each follows its own origin's changes and runs its own purge ticker, with its own
/// options, from when a namespace publishes it until none does any more, and counts its own figures; the elements of
/// one store share only what the store needs shared.
/// </summary>
[TestClass]
public sealed class CacheLifetimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task OneStore_CachingTwoOriginsInDirectoriesOfItsOwn_EachOriginsChange_DropsItsOwnCopy()
    {
        await using var a = await Site.StartAsync("one at a");
        await using var b = await Site.StartAsync("one at b");
        using var temp = new TempDirectory();
        await using var db = (await DbFileSystem.OpenAsync(temp.Combine("c.db"), new DbOpenOptions { Time = new FakeTimeProvider(Start) })).FileSystem;
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/a", a.Http);
        await os.MountAsync("/a", db, Cached("ttl=10m"), "/a");
        await os.MountAsync("/b", b.Http);
        await os.MountAsync("/b", db, Cached("ttl=10m"), "/b");
        Assert.AreEqual("one at a", await os.ReadAllTextAsync("/a/x.txt"));
        Assert.AreEqual("one at b", await os.ReadAllTextAsync("/b/x.txt")); // both now follow their origins' changes
        await using var signalsOfA = await Signals.StartAsync(os, "/a", a);
        await using var signalsOfB = await Signals.StartAsync(os, "/b", b);

        await File.WriteAllTextAsync(a.File("x.txt"), "two at a");
        await File.WriteAllTextAsync(b.File("x.txt"), "two at b");
        // Each origin reports its changes in order, and a watcher is told of one only once the cache has dealt with it:
        // a signal written after x.txt reaching the watcher means the cache has dealt with x.txt.
        await signalsOfA.SendAsync("after");
        await signalsOfB.SendAsync("after");

        Assert.AreEqual("two at a", await os.ReadAllTextAsync("/a/x.txt"), "a's copy was dropped on a's change, though b's cache came later");
        Assert.AreEqual("two at b", await os.ReadAllTextAsync("/b/x.txt"));
        await os.SaveCacheStateAsync();
    }

    [TestMethod]
    public async Task AListingThroughADbfsCache_OverLocalfs_ShowsFifosAndLinksThatCannotBeFollowed_AsWhatTheyAre_EveryTime()
    {
        using var temp = new TempDirectory();
        var dir = Directory.CreateDirectory(temp.Combine("origin")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "f"), "x");
        HostFiles.MakeFifo(Path.Combine(dir, "pipe"));
        File.CreateSymbolicLink(Path.Combine(dir, "dangling"), "nothing");
        using var local = new LocalFileSystem(dir);
        await using var db = (await DbFileSystem.OpenAsync(temp.Combine("c.db"), new DbOpenOptions { Time = new FakeTimeProvider(Start) })).FileSystem;
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/o", local);
        await os.MountAsync("/o", db, Cached("ttl=10m"));

        for (var i = 0; i < 2; i++)
        {
            var kinds = new Dictionary<string, EntryKind>();
            await foreach (var entry in os.ListAsync("/o")) kinds[entry.Name] = entry.Kind;
            Assert.AreEqual(EntryKind.File, kinds["f"]);
            Assert.AreEqual(EntryKind.Fifo, kinds["pipe"], $"listing {i + 1}");
            Assert.AreEqual(EntryKind.SymbolicLink, kinds["dangling"], $"listing {i + 1}");
            Assert.AreEqual(EntryKind.Fifo, (await os.StatAsync("/o/pipe")).Kind, $"stat {i + 1}");
        }
    }

    [TestMethod]
    public async Task AWriteThroughTheCache_OverLocalfs_AfterAFirstRead_IsKept_AndReadBackAsAHit_UntilSomeoneElseChangesIt()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("a.txt"), "alpha");
        using var local = new LocalFileSystem(dir.Path);
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/o", local);
        await os.MountAsync("/o", new MemoryFileSystem("cache", new FakeTimeProvider(Start)), Cached("ttl=10m"));
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt")); // the cache now follows the origin's changes
        await using var watcher = Watcher.Start(os, "/o");

        await os.WriteAllTextAsync("/o/new.txt", "x");
        // The origin's own event for the write, passed on once the cache has dealt with it.
        await watcher.UntilAsync(change => change.Path == VPath.Parse("/o/new.txt"));

        Assert.AreEqual(CacheState.Fresh, (await os.StatAsync("/o/new.txt")).Cache, "the written copy is kept");
        Assert.AreEqual("x", await os.ReadAllTextAsync("/o/new.txt"));
        var counters = (await os.CacheStatusAsync()).Single().Counters;
        Assert.AreEqual((1L, 1L, 0L), (counters.Hits, counters.Misses, counters.Errors), "hits, misses, errors: read back from the copy");
        await File.WriteAllTextAsync(dir.Combine("new.txt"), "changed behind the namespace's back");
        await watcher.UntilAsync(change => change.Path == VPath.Parse("/o/new.txt"));
        Assert.AreEqual("changed behind the namespace's back", await os.ReadAllTextAsync("/o/new.txt"), "a change made by anyone else still drops the copy");
    }

    [TestMethod]
    public async Task TwoElementsOfOneStore_EachPurgesOnItsOwnTicker_WithItsOwnMaxage()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new MemoryStoreProvider("cache", clock);
        var os = await TwoOriginsCachedInAsync(store, "ttl=1d,purge=1h,maxage=1h", "ttl=1d,purge=1m,maxage=5m");
        await os.ReadAllTextAsync("/x/f.txt");
        await os.ReadAllTextAsync("/y/f.txt");

        clock.Advance(TimeSpan.FromMinutes(6));
        await os.SaveCacheStateAsync(); // waits for the ticks under way

        Assert.IsNull(await store.GetRecordAsync(VPath.Parse("/y/f.txt")), "y's ticker dropped y's copy, older than y's maxage");
        Assert.IsNotNull(await store.GetRecordAsync(VPath.Parse("/x/f.txt")), "x's maxage is an hour");
    }

    [TestMethod]
    public async Task Unmount_StopsTheElementsTickerAndSubscription_AndSavesItsCounters()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new GatedStore(new MemoryStoreProvider("cache", clock));
        var origin = new CountingOrigin(Origin("o"));
        var os = await CachedAtOAsync(origin, store, "ttl=1d,purge=1m,maxage=5m");
        await os.ReadAllTextAsync("/o/f.txt");
        Assert.AreEqual(1, origin.Live, "the cache follows its origin from its first use");
        store.CounterSaves.Shut();

        await os.UnmountAsync("/o");

        await store.CounterSaves.Reached.WaitAsync(Patience); // what was counted and not yet saved is saved now
        store.CounterSaves.Open();
        await origin.UntilAsync(o => o.Live == 0).WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMinutes(10));
        await os.SaveCacheStateAsync();
        Assert.IsNotNull(await store.GetRecordAsync(VPath.Parse("/f.txt")), "no ticker purges once the element is unmounted");
        Assert.AreEqual(1, (await store.ReadCountersAsync(VPath.Root)).Misses);
    }

    [TestMethod]
    public async Task AFork_KeepsItsElementRunning_AfterTheOriginalUnmountsIt_UntilItUnmountsItToo()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new MemoryStoreProvider("cache", clock);
        var origin = new CountingOrigin(Origin("o"));
        var os = await CachedAtOAsync(origin, store, "ttl=1d,purge=1m,maxage=5m");
        await os.ReadAllTextAsync("/o/f.txt");
        var fork = os.Fork();

        await os.UnmountAsync("/o");
        clock.Advance(TimeSpan.FromMinutes(6));
        await fork.SaveCacheStateAsync();

        Assert.IsNull(await store.GetRecordAsync(VPath.Parse("/f.txt")), "the fork's element still ticks");
        Assert.AreEqual(1, origin.Live, "and still follows its origin");
        Assert.AreEqual("o", await fork.ReadAllTextAsync("/o/f.txt"));
        await fork.UnmountAsync("/o");
        await origin.UntilAsync(o => o.Live == 0).WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMinutes(6));
        await fork.SaveCacheStateAsync();
        Assert.IsNotNull(await store.GetRecordAsync(VPath.Parse("/f.txt")), "stopped once no namespace holds it");
    }

    [TestMethod]
    public async Task ACacheElementInTheOriginOfAnother_RunsFromTheMount_AndStopsWithTheUnmount()
    {
        var clock = new FakeTimeProvider(Start);
        var inner = new MemoryStoreProvider("inner", clock);
        var origin = new CountingOrigin(Origin("o"));
        var os = await CachedAtOAsync(origin, inner, "ttl=1d,purge=1m,maxage=5m");
        await os.MountAsync("/o", new MemoryFileSystem("outer", clock), Cached("ttl=1d")); // caches [inner -C, origin]
        await os.ReadAllTextAsync("/o/f.txt");
        Assert.AreEqual(1, origin.Live, "the inner element follows the origin for the outer one");

        clock.Advance(TimeSpan.FromMinutes(6));
        await os.SaveCacheStateAsync();
        Assert.IsNull(await inner.GetRecordAsync(VPath.Parse("/f.txt")), "the inner element's ticker runs");

        await os.UnmountAsync("/o");

        await origin.UntilAsync(o => o.Live == 0).WaitAsync(Patience);
    }

    [TestMethod]
    public async Task Rebinding_MakesANewElement_ThatCarriesTheCountersAndFollowsTheOriginOnce()
    {
        var origin = new CountingOrigin(Origin("o"));
        var os = await CachedAtOAsync(origin, new MemoryFileSystem("cache", new FakeTimeProvider(Start)), "ttl=1d");
        await os.MountAsync("/extra", new MemoryFileSystem("extra"));
        await os.ReadAllTextAsync("/o/f.txt");
        await os.ReadAllTextAsync("/o/f.txt");

        await os.BindAsync("/extra", "/o", new BindOptions(BindPosition.After));

        Assert.AreEqual(2, origin.Made, "the new element follows the origin at once, as the one it replaced did");
        await origin.UntilAsync(o => o.Ended == 1).WaitAsync(Patience);
        Assert.AreEqual(1, origin.Live, "the old element's subscription ended");
        var counters = (await os.CacheStatusAsync()).Single().Counters;
        Assert.AreEqual((1L, 1L), (counters.Hits, counters.Misses), "counted before the bind, not lost");
        await using var watcher = Watcher.Start(os, "/o");
        await using (var write = await origin.Inner.OpenWriteAsync(VPath.Parse("/f.txt"), WriteMode.Replace))
            await write.WriteAsync("changed"u8.ToArray()); // behind the namespace's back
        await watcher.UntilAsync(change => change.Path == VPath.Parse("/o/f.txt"));
        Assert.AreEqual("changed", await os.ReadAllTextAsync("/o/f.txt"), "the new element heard the origin's change");
    }

    [TestMethod]
    public async Task EachElement_CountsItsOwnFigures()
    {
        var store = new MemoryStoreProvider("cache", new FakeTimeProvider(Start));
        var os = await TwoOriginsCachedInAsync(store, "ttl=1d", "ttl=1d");

        await os.ReadAllTextAsync("/x/f.txt");
        await os.ReadAllTextAsync("/x/f.txt");
        await os.ReadAllTextAsync("/y/f.txt");

        Assert.AreEqual("/x hits=1 misses=1, /y hits=0 misses=1", await FiguresAsync(os));
        await os.SaveCacheStateAsync();
        Assert.AreEqual("/x hits=1 misses=1, /y hits=0 misses=1", await FiguresAsync(os), "the same once saved");
        Assert.AreEqual(1, (await store.ReadCountersAsync(VPath.Parse("/x"))).Misses, "the store keeps a row for each");
        Assert.AreEqual(1, (await store.ReadCountersAsync(VPath.Parse("/y"))).Misses);
    }

    [TestMethod]
    public async Task EachElementsFigures_SurviveARestart_AsItsOwn()
    {
        var store = new MemoryStoreProvider("cache", new FakeTimeProvider(Start));
        var os = await TwoOriginsCachedInAsync(store, "ttl=1d", "ttl=1d");
        await os.ReadAllTextAsync("/x/f.txt");
        await os.ReadAllTextAsync("/x/f.txt");
        await os.ReadAllTextAsync("/y/f.txt");
        await os.SaveCacheStateAsync();

        var restarted = await TwoOriginsCachedInAsync(store, "ttl=1d", "ttl=1d");

        Assert.AreEqual("/x hits=1 misses=1, /y hits=0 misses=1", await FiguresAsync(restarted));
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task CacheElementsOverLocalfs_MountedAndUnmountedMoreTimesThanInotifyAllows_AnotherStillFollowsItsOrigin()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("a.txt"), "alpha");
        var shell = new ShellSession(new VirtualOS(new CacheLayer()), StandardBuiltins.Table(), new MountTypeRegistry().AddCoreTypes(), dir.Path);
        // Each cycle's element follows its origin (the read), which watches the directory with an inotify instance of its
        // own: more cycles than a user may hold instances at once (fs.inotify.max_user_instances).
        var cycles = int.Parse(await File.ReadAllTextAsync("/proc/sys/fs/inotify/max_user_instances"), CultureInfo.InvariantCulture) + 10;
        const string mount = "mount -t local . /o; mount -bC -o ttl=1h -t mem c /o; cat /o/a.txt";
        for (var i = 0; i < cycles; i++)
        {
            var (status, _, errors) = await Shell.RunAsync(shell, mount + "; unmount /o");
            Assert.AreEqual("", status, errors);
        }

        Assert.AreEqual("", (await Shell.RunAsync(shell, mount)).Status);
        await using var watcher = Watcher.Start(shell.Os, "/o");
        await File.WriteAllTextAsync(dir.Combine("a.txt"), "beta");
        await watcher.UntilAsync(change => change.Path == VPath.Parse("/o/a.txt"));

        Assert.AreEqual("beta", await shell.Os.ReadAllTextAsync("/o/a.txt"), "the copy was dropped on the origin's change");
    }

    private static BindOptions Cached(string options) =>
        new(BindPosition.Before, Cache: true, Options: options.Split(',').Select(o => o.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1])).ToList());

    // origin at /o, and store bound before it as its cache element with options.
    private static async Task<VirtualOS> CachedAtOAsync(IFileProvider origin, IFileProvider store, string options)
    {
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/o", origin);
        await os.MountAsync("/o", store, Cached(options));
        return os;
    }

    // Origins mem:x at /x and mem:y at /y, each cached in its own directory of store (a SPEC), with the options given.
    private static async Task<VirtualOS> TwoOriginsCachedInAsync(MemoryStoreProvider store, string xOptions, string yOptions)
    {
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/x", Origin("x"));
        await os.MountAsync("/x", store, Cached(xOptions), "/x");
        await os.MountAsync("/y", Origin("y"));
        await os.MountAsync("/y", store, Cached(yOptions), "/y");
        return os;
    }

    private static MemoryFileSystem Origin(string label) => MemoryFileSystem.FromFiles(label, [KeyValuePair.Create("/f.txt", label)]);

    private static async Task<string> FiguresAsync(VirtualOS os) =>
        string.Join(", ", (await os.CacheStatusAsync()).Select(s => $"{s.MountPath} hits={s.Counters.Hits} misses={s.Counters.Misses}"));

    /// <summary>Our origin server over a temp directory holding x.txt, and httpfs connected to it.</summary>
    private sealed class Site(TempDirectory temp, OriginServer server, HttpFileSystem http) : IAsyncDisposable
    {
        public HttpFileSystem Http => http;

        public string File(string name) => temp.Combine(name);

        public static async Task<Site> StartAsync(string x)
        {
            var temp = new TempDirectory();
            await System.IO.File.WriteAllTextAsync(temp.Combine("x.txt"), x);
            var server = await OriginServer.StartAsync(temp.Path);
            var http = await HttpFileSystem.ConnectAsync(server.Url, new HttpFileSystemOptions { RequestTimeout = TimeSpan.FromSeconds(5), Retries = 0 });
            return new Site(temp, server, http);
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await server.DisposeAsync();
            temp.Dispose();
        }
    }

    /// <summary>
    /// Files written into /signals on a site's disk, and a watcher of them through the namespace: a signal sent comes
    /// back once the origin reported it and the cache in front of it passed it on.
    /// </summary>
    private sealed class Signals(Site site, Watcher watcher, string path) : IAsyncDisposable
    {
        // Returns once the origin's events reach the watcher (its event stream connects in the background): signals are
        // sent until one comes back.
        public static async Task<Signals> StartAsync(VirtualOS os, string mountPath, Site site)
        {
            Directory.CreateDirectory(site.File("signals"));
            var watched = mountPath + "/signals";
            var listening = Watcher.Start(os, watched);
            using var stop = new CancellationTokenSource(Patience);
            var live = listening.UntilAsync(_ => true);
            for (var i = 0; !live.IsCompleted; i++)
            {
                await File.WriteAllTextAsync(site.File($"signals/probe{i}"), "x", stop.Token);
                await Task.WhenAny(live, Task.Delay(200, stop.Token));
            }
            await live;
            return new Signals(site, listening, watched);
        }

        public async Task SendAsync(string name)
        {
            await File.WriteAllTextAsync(site.File("signals/" + name), name);
            await watcher.UntilAsync(change => change.Path == VPath.Parse($"{path}/{name}")).WaitAsync(Patience);
        }

        public ValueTask DisposeAsync() => watcher.DisposeAsync();
    }

    /// <summary>An origin that counts the subscriptions to its change events: made, ended, and live.</summary>
    private sealed class CountingOrigin(IFileProvider inner) : ProviderDecorator(inner)
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _made;
        private int _ended;

        public int Made
        {
            get
            {
                lock (_lock) return _made;
            }
        }

        public int Ended
        {
            get
            {
                lock (_lock) return _ended;
            }
        }

        public int Live
        {
            get
            {
                lock (_lock) return _made - _ended;
            }
        }

        public override IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange)
        {
            var subscription = base.Subscribe(path, onChange);
            Changed(() => _made++);
            return new Counted(this, subscription);
        }

        /// <summary>Completes once <paramref name="condition"/> holds.</summary>
        public async Task UntilAsync(Func<CountingOrigin, bool> condition)
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (condition(this)) return;
                    changed = _changed.Task;
                }
                await changed;
            }
        }

        private void Changed(Action change)
        {
            TaskCompletionSource told;
            lock (_lock)
            {
                change();
                told = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            told.TrySetResult();
        }

        private sealed class Counted(CountingOrigin owner, IDisposable inner) : IDisposable
        {
            private int _disposed;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
                inner.Dispose();
                owner.Changed(() => owner._ended++);
            }
        }
    }
}
