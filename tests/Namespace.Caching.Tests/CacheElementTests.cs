using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching.Tests;

/// <summary>
/// DESIGN §4 through a dbfs cache element (a real SQLite file) in front of our origin server on loopback. A miss asks
/// for a file's first block (a large file is never sent whole), so a small file comes whole in a 206.
/// </summary>
[TestClass]
public sealed class CacheElementTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["/a.txt"] = "alpha",
        ["/b.txt"] = "bravo",
        ["/c.txt"] = "charl",
        ["/docs/d.txt"] = "delta",
    };

    private static readonly TimeSpan PastTtl = TimeSpan.FromMinutes(11);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task AMiss_FetchesOnce_ThenReadsAreServedFromTheCache()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);

        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));

        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"), "one origin fetch");
        var entry = await o.Os.StatAsync("/web/a.txt");
        Assert.AreEqual(CacheState.Fresh, entry.Cache);
        Assert.AreEqual(o.Cache.Source.ToString(), entry.ServedBy);
        var status = (await o.Os.CacheStatusAsync()).Single();
        Assert.AreEqual(1, status.Counters.Misses);
        Assert.AreEqual(2, status.Counters.Hits);
        Assert.AreEqual(new CacheUsage(1, 5), status.Usage);
    }

    [TestMethod]
    public async Task AMissOverHttp_IsOneOriginRequest_TheFillLearnsTheVersionFromTheResponse()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);

        Assert.AreEqual("bravo", await o.Os.ReadAllTextAsync("/web/b.txt"));

        Assert.AreEqual(0, o.Proxy.Heads("/b.txt"), "no lookup before the fetch");
        Assert.AreEqual(1, o.Proxy.Gets("/b.txt"));
        var record = await o.RecordAsync("/b.txt");
        Assert.AreEqual((await o.Http.StatAsync(VPath.Parse("/b.txt")))!.ETag, record!.OriginETag, "revalidation has the origin's ETag to compare");
        var missing = await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.ReadAllTextAsync("/web/nope.txt").AsTask());
        Assert.AreEqual("/web/nope.txt: file not found", missing.Message);
        var directory = await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.ReadAllTextAsync("/web/docs").AsTask());
        Assert.AreEqual(NsErrorKind.IsADirectory, directory.Kind);
    }

    [TestMethod]
    public async Task PastTheTtl_AnUnchangedOriginIsRevalidated_AndTheContentKept()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");

        o.Clock.Advance(PastTtl);
        Assert.AreEqual(CacheState.Fresh, (await o.Os.StatAsync("/web/a.txt")).Cache, "revalidated, so fresh again");
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));

        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"), "not fetched again");
        Assert.AreEqual(1, (await o.Os.CacheStatusAsync()).Single().Counters.Revalidations);
        var record = await o.RecordAsync("/a.txt");
        Assert.AreEqual(o.Clock.GetUtcNow(), record!.ValidatedUtc, "freshness counts from the revalidation, not the origin's mtime");
    }

    [TestMethod]
    public async Task WithinTheTtl_TheCacheServesItsCopy_PastIt_AChangedOriginIsFetched()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        await File.WriteAllTextAsync(o.OriginFile("a.txt"), "ALPHA, changed");

        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"), "fresh: the origin is not asked");
        o.Clock.Advance(PastTtl);
        Assert.AreEqual("ALPHA, changed", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual("ALPHA, changed", await o.Os.ReadAllTextAsync("/web/a.txt"));

        Assert.AreEqual(2, o.Proxy.Gets("/a.txt"));
    }

    [TestMethod]
    public async Task PastTheTtl_ReadingAnUnchangedFile_IsOneConditionalRequest_Answered304()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        var before = (await o.Os.CacheStatusAsync()).Single().Counters;
        o.Clock.Advance(PastTtl);

        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"), "fresh again: the origin is not asked");

        CollectionAssert.AreEqual(new[] { "GET 206", "GET 304" }, o.Proxy.Answers("/a.txt").ToArray());
        var after = (await o.Os.CacheStatusAsync()).Single().Counters;
        Assert.AreEqual(before.Revalidations + 1, after.Revalidations);
        Assert.AreEqual(before.Misses, after.Misses, "not a miss");
        Assert.AreEqual(before.BytesFetched, after.BytesFetched, "no content came from the origin");
        Assert.AreEqual(o.Clock.GetUtcNow(), (await o.RecordAsync("/a.txt"))!.ValidatedUtc);
    }

    [TestMethod]
    public async Task PastTheTtl_ReadingAChangedFile_IsOneRequest_TheNewContentServedAndKept()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        await File.WriteAllTextAsync(o.OriginFile("a.txt"), "ALPHA, changed");
        o.Clock.Advance(PastTtl);

        Assert.AreEqual("ALPHA, changed", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual("ALPHA, changed", await o.Os.ReadAllTextAsync("/web/a.txt"), "kept: the origin is not asked again");

        CollectionAssert.AreEqual(new[] { "GET 206", "GET 206" }, o.Proxy.Answers("/a.txt").ToArray(), "no look before the fetch");
        var counters = (await o.Os.CacheStatusAsync()).Single().Counters;
        Assert.AreEqual(2, counters.Misses);
        Assert.AreEqual(0, counters.Revalidations);
        Assert.AreEqual(5 + 14, counters.BytesFetched);
        var record = await o.RecordAsync("/a.txt");
        Assert.AreEqual(14, record!.Size);
        Assert.AreEqual((await o.Http.StatAsync(VPath.Parse("/a.txt")))!.ETag, record.OriginETag, "the next revalidation asks about the new version");
    }

    [TestMethod]
    public async Task PastTheTtl_ConcurrentReadsOfAStaleFile_MakeOneConditionalRequest()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        o.Clock.Advance(PastTtl);
        o.Proxy.Hold();

        var readers = Enumerable.Range(0, 20).Select(_ => Task.Run(() => o.Os.ReadAllTextAsync("/web/a.txt").AsTask())).ToArray();
        var runtime = o.Runtime;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (runtime.InFlight(VPath.Parse("/a.txt"))?.Waiters != 19)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"19 readers should wait for the one revalidation; {runtime.InFlight(VPath.Parse("/a.txt"))?.Waiters ?? 0} do, and the origin answered {string.Join(", ", o.Proxy.Answers("/a.txt"))}");
            Assert.IsFalse(readers.Any(r => r.IsFaulted), "a reader failed");
            await Task.Yield();
        }
        o.Proxy.Release();
        var texts = await Task.WhenAll(readers);

        Assert.IsTrue(texts.All(t => t == "alpha"));
        CollectionAssert.AreEqual(new[] { "GET 206", "GET 304" }, o.Proxy.Answers("/a.txt").ToArray());
    }

    [TestMethod]
    [DataRow("GET 304", DisplayName = "a read's conditional GET, answered 304")]
    [DataRow("HEAD 200", DisplayName = "a stat's HEAD, answered with the same version")]
    public async Task AWriteThroughTheNamespace_WhileTheStaleCopyIsRevalidated_IsNotUndoneByTheOriginsAnswer(string answer)
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        o.Clock.Advance(PastTtl);
        o.Proxy.HoldNextAnswer("/a.txt", answer);

        // The origin says the old version is unchanged; before the cache hears it, a write through the namespace replaces it.
        Task asking = answer.StartsWith("GET", StringComparison.Ordinal) ? o.Os.ReadAllTextAsync("/web/a.txt").AsTask() : o.Os.StatAsync("/web/a.txt").AsTask();
        await Task.WhenAny(o.Proxy.HeldAnswer.Reached, asking).WaitAsync(Patience);
        Assert.IsFalse(asking.IsCompleted, "the origin's answer was not held: " + string.Join(", ", o.Proxy.Answers("/a.txt")));
        await o.Os.WriteAllTextAsync("/web/a.txt", "ALPHA, written");
        o.Proxy.HeldAnswer.Open();
        await asking.WaitAsync(Patience);

        var origin = (await o.Http.StatAsync(VPath.Parse("/a.txt")))!;
        var entry = await o.Os.StatAsync("/web/a.txt");
        Assert.AreEqual(14, entry.Size, "ls -l shows the written size");
        Assert.AreEqual(origin.ModifiedUtc, entry.ModifiedUtc, "ls -l shows the written version's time");
        Assert.AreEqual(origin.ETag, entry.ETag);
        Assert.AreEqual("ALPHA, written", await o.Os.ReadAllTextAsync("/web/a.txt"));
        o.Clock.Advance(PastTtl);
        Assert.AreEqual("ALPHA, written", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual("GET 304", o.Proxy.Answers("/a.txt")[^1], "the written version is revalidated, not fetched again: " + string.Join(", ", o.Proxy.Answers("/a.txt")));
    }

    [TestMethod]
    public async Task PastTheTtl_ADirtyCopy_IsServedWithoutAskingTheOrigin()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        var dirty = (await o.RecordAsync("/a.txt"))! with { Dirty = true };
        await o.Store.SetRecordAsync(VPath.Parse("/a.txt"), dirty);
        await File.WriteAllTextAsync(o.OriginFile("a.txt"), "ALPHA, changed");
        o.Clock.Advance(PastTtl);

        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));

        CollectionAssert.AreEqual(new[] { "GET 206" }, o.Proxy.Answers("/a.txt").ToArray());
        Assert.IsTrue((await o.RecordAsync("/a.txt"))!.Dirty);
    }

    [TestMethod]
    [DataRow(ProxyMode.Fail503, DisplayName = "origin answers 503")]
    [DataRow(ProxyMode.Hang, DisplayName = "origin times out")]
    public async Task OriginDown_ServesTheStaleCopy_SaysSo_AndKeepsIt(ProxyMode failure)
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        o.Clock.Advance(PastTtl);
        o.Proxy.Mode = failure;

        var warnings = new List<NamespaceException>();
        string text;
        NsEntry entry;
        using (NamespaceWarnings.Listen(warnings.Add))
        {
            text = await o.Os.ReadAllTextAsync("/web/a.txt");
            entry = await o.Os.StatAsync("/web/a.txt");
        }

        Assert.AreEqual("alpha", text);
        Assert.AreEqual(CacheState.Stale, entry.Cache, "stat shows that the copy is stale");
        Assert.IsTrue(warnings.Count >= 1);
        StringAssert.StartsWith(warnings[0].Message, "/web/a.txt: origin unavailable (");
        StringAssert.Contains(warnings[0].Message, "serving the cached copy last validated 2026-11-28T12:00:00Z");
        Assert.IsTrue((await o.Os.CacheStatusAsync()).Single().Counters.Errors >= 1);

        o.Proxy.Mode = ProxyMode.Pass;
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        var answers = o.Proxy.Answers("/a.txt");
        Assert.AreEqual(1, answers.Count(a => a == "GET 206"), "the copy was kept through the failure: " + string.Join(", ", answers));
        Assert.AreEqual("GET 304", answers[^1], "and revalidated after it");
    }

    [TestMethod]
    public async Task StaleFail_PassesTheOriginsErrorOn()
    {
        await using var o = await HttpOrigin.StartAsync("ttl=10m,stale=fail", Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        o.Clock.Advance(PastTtl);
        o.Proxy.Mode = ProxyMode.Fail503;

        var error = await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.ReadAllTextAsync("/web/a.txt").AsTask());

        Assert.AreEqual(NsErrorKind.Unavailable, error.Kind);
        StringAssert.StartsWith(error.Message, "/web/a.txt: ");
        Assert.IsNotNull(await o.RecordAsync("/a.txt"), "failing is not forgetting");
    }

    [TestMethod]
    public async Task ADefiniteNotFound_DropsTheCleanCopy()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        File.Delete(o.OriginFile("a.txt"));
        o.Clock.Advance(PastTtl);

        var error = await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.ReadAllTextAsync("/web/a.txt").AsTask());

        Assert.AreEqual("/web/a.txt: file not found", error.Message);
        CollectionAssert.AreEqual(new[] { "GET 206", "GET 404" }, o.Proxy.Answers("/a.txt").ToArray(), "one request said so");
        Assert.IsNull(await o.RecordAsync("/a.txt"));
        Assert.IsNull(await o.Cache.StatAsync(VPath.Parse("/a.txt")), "the content went too");
    }

    [TestMethod]
    public async Task AHundredConcurrentMisses_MakeOneOriginFetch()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.StatAsync("/web/a.txt");
        o.Proxy.Hold();

        var readers = Enumerable.Range(0, 100).Select(_ => Task.Run(() => o.Os.ReadAllTextAsync("/web/a.txt").AsTask())).ToArray();
        var runtime = o.Runtime;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (runtime.InFlight(VPath.Parse("/a.txt"))?.Waiters != 99)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"99 readers should wait for the one fetch; {runtime.InFlight(VPath.Parse("/a.txt"))?.Waiters ?? 0} do, and the origin saw {o.Proxy.Gets("/a.txt")} GETs");
            Assert.IsFalse(readers.Any(r => r.IsFaulted), "a reader failed");
            await Task.Yield();
        }
        o.Proxy.Release();
        var texts = await Task.WhenAll(readers);

        Assert.IsTrue(texts.All(t => t == "alpha"));
        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"));
    }

    [TestMethod]
    public async Task Listings_AreCachedWithTheSameFreshnessRule()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        CollectionAssert.AreEqual(new[] { "a.txt", "b.txt", "c.txt", "docs" }, await NamesAsync(o, "/web"));
        await File.WriteAllTextAsync(o.OriginFile("e.txt"), "echo");

        CollectionAssert.AreEqual(new[] { "a.txt", "b.txt", "c.txt", "docs" }, await NamesAsync(o, "/web"), "fresh listing: the origin is not asked");
        Assert.IsFalse(await o.Os.ExistsAsync("/web/e.txt"), "a fresh listing also answers lookups");
        o.Clock.Advance(PastTtl);
        CollectionAssert.AreEqual(new[] { "a.txt", "b.txt", "c.txt", "docs", "e.txt" }, await NamesAsync(o, "/web"));
    }

    [TestMethod]
    public async Task Listings_ShowWhatIsCachedAndWhetherItIsFresh()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        o.Clock.Advance(TimeSpan.FromMinutes(6));
        await o.Os.ReadAllTextAsync("/web/b.txt");
        o.Clock.Advance(TimeSpan.FromMinutes(5));

        var states = new Dictionary<string, CacheState>();
        await foreach (var e in o.Os.ListAsync("/web")) states[e.Name] = e.Cache;

        Assert.AreEqual(CacheState.Stale, states["a.txt"], "validated 11 minutes ago, ttl 10m");
        Assert.AreEqual(CacheState.Fresh, states["b.txt"]);
        Assert.AreEqual(CacheState.None, states["c.txt"], "not cached");
    }

    [TestMethod]
    public async Task AChangeEventFromTheOrigin_InvalidatesTheCopy_BeforeItsTtlRunsOut()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await WaitForEventsAsync(o);
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));

        await File.WriteAllTextAsync(o.OriginFile("a.txt"), "ALPHA, changed elsewhere");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await o.Os.ReadAllTextAsync("/web/a.txt") != "ALPHA, changed elsewhere")
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, "the change event never reached the cache");
            await Task.Yield();
        }
        Assert.AreEqual(o.Clock.GetUtcNow(), new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), "no time passed: the event did it, not the TTL");
    }

    [TestMethod]
    public async Task AWatcherIsToldOfAChange_OnlyOnceTheCacheHasLetGoOfIt()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await WaitForEventsAsync(o);
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var told = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            await foreach (var change in o.Os.Watch("/web", cancellationToken: stop.Token))
            {
                // Read at once, as a browser or a script re-reading on an event does.
                if (change.Path.Value == "/web/a.txt") told.TrySetResult(await o.Os.ReadAllTextAsync("/web/a.txt"));
            }
        });
        await Task.Yield();
        await o.WaitForWatcherAsync(stop.Token);

        await File.WriteAllTextAsync(o.OriginFile("a.txt"), "ALPHA, changed elsewhere");

        Assert.AreEqual("ALPHA, changed elsewhere", await told.Task.WaitAsync(stop.Token), "read right after the event");
        await stop.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => watching);
    }

    [TestMethod]
    public async Task ThePurgeTicker_DropsEntriesPastMaxage_ButNeverDirtyOnes()
    {
        await using var o = await HttpOrigin.StartAsync("ttl=1h,purge=1m,maxage=30m", Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        await o.Os.ReadAllTextAsync("/web/b.txt");
        var dirty = (await o.RecordAsync("/b.txt"))! with { Dirty = true };
        await o.Store.SetRecordAsync(VPath.Parse("/b.txt"), dirty);

        o.Clock.Advance(TimeSpan.FromMinutes(31));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await o.RecordAsync("/a.txt") is not null)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, "the purge ticker did not drop the old entry");
            await Task.Yield();
        }
        Assert.IsNotNull(await o.RecordAsync("/b.txt"), "dirty data is never purged");
    }

    [TestMethod]
    public async Task Purge_DropsCleanCopiesUnderAPath_AndTheNextReadAsksTheOrigin()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        await o.Os.ReadAllTextAsync("/web/docs/d.txt");

        var dropped = await o.Os.PurgeAsync("/web/docs");

        Assert.IsTrue(dropped >= 1);
        Assert.IsNull(await o.RecordAsync("/docs/d.txt"));
        Assert.IsNotNull(await o.RecordAsync("/a.txt"), "outside the path: kept");
        Assert.AreEqual("delta", await o.Os.ReadAllTextAsync("/web/docs/d.txt"));
        Assert.AreEqual(2, o.Proxy.Gets("/docs/d.txt"));
    }

    [TestMethod]
    [DataRow("lru", "b.txt", DisplayName = "lru evicts the least recently read")]
    [DataRow("lfu", "b.txt", DisplayName = "lfu evicts the least often read")]
    [DataRow("fifo", "a.txt", DisplayName = "fifo evicts the first fetched")]
    [DataRow("ttl", "b.txt", DisplayName = "ttl evicts the soonest to expire")]
    public async Task MaxEntries_EvictsByPolicy(string policy, string evicted)
    {
        await using var o = await HttpOrigin.StartAsync($"ttl=10m,maxentries=2,policy={policy}", Files);
        // a: fetched first, then read often and last; b: fetched second, read once, validated longest ago.
        await o.Os.ReadAllTextAsync("/web/a.txt");
        o.Clock.Advance(TimeSpan.FromMinutes(1));
        await o.Os.ReadAllTextAsync("/web/b.txt");
        o.Clock.Advance(PastTtl);
        for (var i = 0; i < 3; i++) await o.Os.ReadAllTextAsync("/web/a.txt"); // revalidates a, so b expires first

        await o.Os.ReadAllTextAsync("/web/c.txt");

        var kept = new List<string>();
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
        {
            if (await o.RecordAsync("/" + name) is not null) kept.Add(name);
        }
        Assert.AreEqual(2, kept.Count, string.Join(",", kept));
        CollectionAssert.DoesNotContain(kept, evicted);
        Assert.AreEqual(1, (await o.Os.CacheStatusAsync()).Single().Counters.Evictions);
    }

    [TestMethod]
    public async Task MaxSize_KeepsTheCacheUnderItsSize_NeverEvictingDirtyData()
    {
        await using var o = await HttpOrigin.StartAsync("ttl=10m,maxsize=10", Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        var dirty = (await o.RecordAsync("/a.txt"))! with { Dirty = true };
        await o.Store.SetRecordAsync(VPath.Parse("/a.txt"), dirty);
        await o.Os.ReadAllTextAsync("/web/b.txt");
        await o.Os.ReadAllTextAsync("/web/c.txt");

        var usage = (await o.Os.CacheStatusAsync()).Single().Usage;
        Assert.IsTrue(usage.Bytes <= 10, $"{usage.Bytes} bytes held");
        Assert.IsNotNull(await o.RecordAsync("/a.txt"), "the dirty entry stays");
        Assert.IsNull(await o.RecordAsync("/b.txt"), "the least recently read clean one went");
    }

    [TestMethod]
    public async Task ALimitFarFromReached_IsNotMeasuredInTheStoreAfterEveryFill()
    {
        // Measuring counts every file the cache holds: after every fill, a large cache would pay that each time.
        var files = Enumerable.Range(0, 20).ToDictionary(i => $"/f{i:D2}", i => $"file {i:D2}");
        await using var o = await HttpOrigin.StartAsync("ttl=10m,maxentries=1000,maxsize=1M", files, gated: true);

        foreach (var path in files.Keys) await o.Os.ReadAllTextAsync("/web" + path);
        await o.Os.SaveCacheStateAsync();

        Assert.AreEqual(1, o.Gated.Measures, "measured once, then kept count of its own fills");
        Assert.AreEqual(0, o.Gated.RecursiveScans);
        Assert.AreEqual(new CacheUsage(20, 140), (await o.Os.CacheStatusAsync()).Single().Usage);
    }

    [TestMethod]
    public async Task AFullCache_EvictsInBatches_NotOneScanOfEveryRecordPerFill()
    {
        // maxentries=32 evicts down to 30 (a sixteenth below the limit) once it is over, so a full cache scans its
        // records once every few fills, not after each one.
        var files = Enumerable.Range(0, 48).ToDictionary(i => $"/f{i:D2}", i => $"file {i:D2}");
        await using var o = await HttpOrigin.StartAsync("ttl=10m,maxentries=32", files, gated: true);

        foreach (var path in files.Keys)
        {
            await o.Os.ReadAllTextAsync("/web" + path);
            await o.Os.SaveCacheStateAsync();
            var held = (await o.Os.CacheStatusAsync()).Single().Usage.Files;
            Assert.IsTrue(held <= 32, $"{held} files held after {path}");
        }

        var status = (await o.Os.CacheStatusAsync()).Single();
        Assert.IsTrue(status.Usage.Files >= 30, $"{status.Usage.Files} files held");
        Assert.IsTrue(o.Gated.RecursiveScans <= 6, $"{o.Gated.RecursiveScans} eviction passes for {status.Counters.Evictions} evictions");
        Assert.AreEqual(48 - status.Usage.Files, status.Counters.Evictions);
    }

    [TestMethod]
    public async Task AWriteThroughTheCache_CountsTowardsItsLimit_AtTheNextFill()
    {
        // No change events: what counts here is fills and writes alone.
        await using var o = await HttpOrigin.StartAsync("ttl=10m,maxentries=2", Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        await o.Os.WriteAllTextAsync("/web/new.txt", "written");
        Assert.AreEqual(2, (await o.Os.CacheStatusAsync()).Single().Usage.Files, "the written copy is kept");

        await o.Os.ReadAllTextAsync("/web/b.txt");
        await o.Os.SaveCacheStateAsync();

        Assert.AreEqual(2, (await o.Os.CacheStatusAsync()).Single().Usage.Files, "a third file is over the limit, whoever put the second there");
    }

    [TestMethod]
    public async Task FillsThroughAnotherElementWithoutLimits_CountTowardsTheLimit()
    {
        // The same cache seen at a second place with other options (no maxentries): its fills land in the same
        // directory of the same store, so the first element's limit must count them at its next fill.
        await using var o = await HttpOrigin.StartAsync("ttl=10m,maxentries=2", Files, events: false);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        await o.Os.BindAsync("/web", "/alias", new Namespace.Core.Namespaces.BindOptions(Options: [KeyValuePair.Create("ttl", "10m")]));
        await o.Os.ReadAllTextAsync("/alias/b.txt");
        await o.Os.ReadAllTextAsync("/alias/c.txt");
        await o.Os.SaveCacheStateAsync(); // their commits (and what follows them) are done before the next fill's

        await o.Os.ReadAllTextAsync("/web/docs/d.txt");
        await o.Os.SaveCacheStateAsync();

        var held = (await o.Os.CacheStatusAsync()).First(s => s.MountPath == VPath.Parse("/web")).Usage.Files;
        Assert.IsTrue(held <= 2, $"{held} files held with maxentries=2");
    }

    [TestMethod]
    public async Task WritesThroughTheCacheAlone_KeepItWithinItsLimit()
    {
        await using var o = await HttpOrigin.StartAsync("ttl=10m,maxentries=2", Files, events: false);

        for (var i = 0; i < 4; i++) await o.Os.WriteAllTextAsync($"/web/w{i}.txt", $"written {i}");
        await o.Os.SaveCacheStateAsync();

        var status = (await o.Os.CacheStatusAsync()).Single();
        Assert.AreEqual(2, status.Usage.Files, "no fill ever came to check the limit");
        Assert.AreEqual(2, status.Counters.Evictions);
        for (var i = 0; i < 4; i++) Assert.AreEqual($"written {i}", await File.ReadAllTextAsync(o.OriginFile($"w{i}.txt")), "evicting copies never touches the origin");
    }

    [TestMethod]
    public async Task Counters_SurviveARestart()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        await o.Os.ReadAllTextAsync("/web/a.txt");
        await o.Os.ReadAllTextAsync("/web/b.txt");
        var before = (await o.Os.CacheStatusAsync()).Single().Counters;

        await o.RestartAsync();

        var after = (await o.Os.CacheStatusAsync()).Single().Counters;
        Assert.AreEqual(before, after);
        Assert.AreEqual(2, after.Misses);
        Assert.AreEqual(1, after.Hits);
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"), "and the content is still there");
        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"));
    }

    [TestMethod]
    public async Task WritesGoToTheOriginFirst_ThenIntoTheCache()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");

        await o.Os.WriteAllTextAsync("/web/a.txt", "written through");
        await o.Os.WriteAllTextAsync("/web/new.txt", "new file");

        Assert.AreEqual("written through", await File.ReadAllTextAsync(o.OriginFile("a.txt")));
        Assert.AreEqual("new file", await File.ReadAllTextAsync(o.OriginFile("new.txt")));
        Assert.AreEqual("written through", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual("new file", await o.Os.ReadAllTextAsync("/web/new.txt"));
        CollectionAssert.Contains(await NamesAsync(o, "/web"), "new.txt");
    }

    [TestMethod]
    public async Task AWriteTheOriginRefuses_LeavesTheCacheAsItWas()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        o.Proxy.Mode = ProxyMode.Fail503;

        await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.WriteAllTextAsync("/web/a.txt", "lost").AsTask());

        o.Proxy.Mode = ProxyMode.Pass;
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual("alpha", await File.ReadAllTextAsync(o.OriginFile("a.txt")));
    }

    [TestMethod]
    public async Task ModeReadonly_RefusesChanges()
    {
        await using var o = await HttpOrigin.StartAsync("ttl=10m,mode=readonly", Files);

        var error = await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.WriteAllTextAsync("/web/a.txt", "no").AsTask());

        Assert.AreEqual(NsErrorKind.ReadOnly, error.Kind);
        Assert.AreEqual("alpha", await File.ReadAllTextAsync(o.OriginFile("a.txt")));
    }

    private static async Task<List<string>> NamesAsync(HttpOrigin o, string path)
    {
        var names = new List<string>();
        await foreach (var e in o.Os.ListAsync(path)) names.Add(e.Name);
        return names;
    }

    // A watcher of /web is live once a canary file made on the origin's disk comes back through it.
    private static async Task WaitForEventsAsync(HttpOrigin o)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await o.WaitForWatcherAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("no change events arrived");
        }
    }
}
