using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching.Tests;

/// <summary>
/// A miss hands its copy to the cache after the reader has its bytes: the reader never waits for the cache's
/// commit, yet whatever looks through the namespace afterwards sees the copy, and a change to the origin that
/// arrives while the copy is being written is never overwritten by it. The cache element is a real dbfs file
/// behind a gate that holds its commits.
/// </summary>
[TestClass]
public sealed class FillCommitTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["/a.txt"] = "alpha",
        ["/docs/d.txt"] = "delta",
    };

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [TestMethod]
    public async Task AReaderOfAMiss_HasItsBytesWhileTheCopyIsStillBeingCommitted()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, gated: true);

        var text = await ReadWhileCommitsAreHeldAsync(o, "/web/a.txt");

        Assert.AreEqual("alpha", text);
        o.Gated.Commits.Open();
    }

    [TestMethod]
    public async Task LookingThroughTheNamespace_WhileACopyIsBeingCommitted_SeesTheCopy()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, gated: true);
        await ReadWhileCommitsAreHeldAsync(o, "/web/a.txt");

        var stat = o.Os.StatAsync("/web/a.txt").AsTask();
        var listing = o.Os.ListAsync("/web").ToListAsync().AsTask();
        var status = o.Os.CacheStatusAsync().AsTask();
        o.Gated.Commits.Open();

        Assert.AreEqual(CacheState.Fresh, (await stat).Cache);
        Assert.AreEqual(CacheState.Fresh, (await listing).Single(e => e.Name == "a.txt").Cache);
        Assert.AreEqual(new CacheUsage(1, 5), (await status).Single().Usage);
        Assert.AreEqual(1, (await status).Single().Counters.Misses);
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"), "the second read was served by the copy");
    }

    [TestMethod]
    public async Task SavingTheCacheState_WaitsForCopiesBeingCommitted()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, gated: true);
        await ReadWhileCommitsAreHeldAsync(o, "/web/a.txt");

        var saved = o.Os.SaveCacheStateAsync();
        o.Gated.Commits.Open();
        await saved;

        Assert.AreEqual(5, (await o.Store.GetRecordAsync(VPath.Parse("/a.txt")))?.Size, "the copy is in the store once saved");
    }

    [TestMethod]
    public async Task AChangeEvent_WhileACopyIsBeingCommitted_IsNotUndoneByIt()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, gated: true);
        using var stop = new CancellationTokenSource(Patience);
        var changed = ToldOfAsync(o, "/web/a.txt", stop.Token);
        await o.WaitForWatcherAsync(stop.Token);
        Assert.AreEqual("alpha", await ReadWhileCommitsAreHeldAsync(o, "/web/a.txt"));

        await File.WriteAllTextAsync(o.OriginFile("a.txt"), "ALPHA, changed");
        await changed;
        o.Gated.Commits.Open();

        Assert.IsNull(await o.RecordAsync("/a.txt"), "the copy of the old version was not kept");
        Assert.AreEqual("ALPHA, changed", await o.Os.ReadAllTextAsync("/web/a.txt"));
    }

    [TestMethod]
    public async Task AChangeEvent_WhileACopyIsBeingFetched_KeepsThatCopyOutOfTheCache()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        using var stop = new CancellationTokenSource(Patience);
        var changed = ToldOfAsync(o, "/web/a.txt", stop.Token);
        await o.WaitForWatcherAsync(stop.Token);
        await using (var reader = await o.Os.OpenReadAsync("/web/a.txt"))
        {
            var first = new byte[2];
            Assert.AreEqual(2, await reader.ReadAtLeastAsync(first, 2));

            // The origin changes behind the namespace's back while the old version is still being read; watchers
            // hear of it once the cache element has dealt with it.
            await File.WriteAllTextAsync(o.OriginFile("a.txt"), "ALPHA, changed");
            await changed.WaitAsync(stop.Token);

            Assert.AreEqual("pha", await new StreamReader(reader).ReadToEndAsync(), "the reader gets the version it started");
        }
        Assert.IsNull(await o.RecordAsync("/a.txt"), "the old version was not kept as fresh");
        Assert.AreEqual("ALPHA, changed", await o.Os.ReadAllTextAsync("/web/a.txt"));
    }

    [TestMethod]
    public async Task AWriteThroughTheNamespace_WhileACopyIsBeingFetched_IsNotUndoneByIt()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false);
        await using (var reader = await o.Os.OpenReadAsync("/web/a.txt"))
        {
            var first = new byte[2];
            Assert.AreEqual(2, await reader.ReadAtLeastAsync(first, 2));
            await o.Os.WriteAllTextAsync("/web/a.txt", "ALPHA, written");
            Assert.AreEqual("pha", await new StreamReader(reader).ReadToEndAsync(), "the reader gets the version it started");
        }

        Assert.AreEqual("ALPHA, written", await File.ReadAllTextAsync(o.OriginFile("a.txt")));
        Assert.AreEqual("ALPHA, written", await o.Os.ReadAllTextAsync("/web/a.txt"), "the old copy did not replace the written one");
    }

    [TestMethod]
    public async Task ACancelledRevalidation_LeavesNoLaterReaderWaiting()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false, gated: true);
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        o.Clock.Advance(TimeSpan.FromMinutes(11)); // stale
        await File.WriteAllTextAsync(o.OriginFile("a.txt"), "ALPHA, changed"); // so the conditional GET answers 200

        using var cancel = new CancellationTokenSource();
        o.Gated.BeforeFill = cancel.Cancel; // Ctrl-C just as the new version's fill opens
        await Assert.ThrowsExactlyAsync<OperationCanceledException>(async () => await o.Os.OpenReadAsync("/web/a.txt", cancel.Token));
        o.Gated.BeforeFill = null;

        Assert.AreEqual("ALPHA, changed", await o.Os.ReadAllTextAsync("/web/a.txt").AsTask().WaitAsync(Patience));
    }

    [TestMethod]
    public async Task Status_CountsWhatASaveIsStillWriting()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, gated: true);
        await o.Os.ReadAllTextAsync("/web/a.txt");
        o.Gated.CounterSaves.Shut();

        o.Clock.Advance(TimeSpan.FromSeconds(1)); // the counters are saved every second
        await o.Gated.CounterSaves.Reached.WaitAsync(Patience);
        var status = o.Os.CacheStatusAsync().AsTask();
        o.Gated.CounterSaves.Open();

        Assert.AreEqual(1, (await status.WaitAsync(Patience)).Single().Counters.Misses);
    }

    [TestMethod]
    public async Task AWriteThroughTheCache_IsNeverHeldToBeCommittedWithOtherCopies()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false, gatherWindow: TimeSpan.FromHours(1));

        await o.Os.WriteAllTextAsync("/web/new.txt", "written").AsTask().WaitAsync(Patience);

        Assert.AreEqual("written", await File.ReadAllTextAsync(o.OriginFile("new.txt")));
        Assert.AreEqual(7, (await o.RecordAsync("/new.txt"))?.Size, "the cache holds the written copy");
    }

    [TestMethod]
    [DataRow("stat")]
    [DataRow("ls")]
    [DataRow("cat")]
    [DataRow("status")]
    [DataRow("save")]
    public async Task LookingAtACopyWhoseCommitIsHeldForOthers_HasItCommittedAtOnce(string look)
    {
        // The window is an hour: a look that waits for the held commit instead of hurrying it times out.
        await using var o = await HttpOrigin.StartAsync(files: Files, events: false, gatherWindow: TimeSpan.FromHours(1));
        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt").AsTask().WaitAsync(Patience), "nobody waits for the copy's commit");

        Task looked = look switch
        {
            "stat" => o.Os.StatAsync("/web/a.txt").AsTask(),
            "ls" => o.Os.ListAsync("/web").ToListAsync().AsTask(),
            "cat" => o.Os.ReadAllTextAsync("/web/a.txt").AsTask(),
            "status" => o.Os.CacheStatusAsync().AsTask(),
            _ => o.Os.SaveCacheStateAsync(),
        };
        await looked.WaitAsync(Patience);

        Assert.AreEqual(5, (await o.Store.GetRecordAsync(VPath.Parse("/a.txt")))?.Size, "the copy is in the store");
        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"));
    }

    [TestMethod]
    public async Task ManySmallCopies_WaitForTheirCommitTogether_WithoutHoldingUpTheirReaders()
    {
        var files = Enumerable.Range(0, 100).ToDictionary(i => $"/small/f{i:D3}", i => $"file {i}");
        await using var o = await HttpOrigin.StartAsync(files: files, gated: true);
        o.Gated.Commits.Shut();
        try
        {
            foreach (var (path, text) in files)
                Assert.AreEqual(text, await o.Os.ReadAllTextAsync("/web" + path).AsTask().WaitAsync(Patience), "no reader waits for the held commits");
        }
        finally
        {
            o.Gated.Commits.Open();
        }
        await o.Os.SaveCacheStateAsync().WaitAsync(Patience);

        Assert.AreEqual(100, (await o.Os.CacheStatusAsync()).Single().Usage.Files, "every copy was kept");
    }

    [TestMethod]
    public async Task AReaderOfACopyLargerThanTheBacklog_WaitsForItsCommit()
    {
        var big = new string('b', (int)CacheFillStream.MaxBacklogBytes + 1);
        await using var o = await HttpOrigin.StartAsync(files: new Dictionary<string, string> { ["/big.txt"] = big }, gated: true);
        o.Gated.Commits.Shut();

        var read = o.Os.ReadAllTextAsync("/web/big.txt").AsTask();
        await o.Gated.Commits.Reached.WaitAsync(Patience);
        Assert.IsFalse(read.IsCompleted, "the reader waits while its copy's bytes are held in memory");
        o.Gated.Commits.Open();

        Assert.AreEqual(big, await read.WaitAsync(Patience));
        Assert.AreEqual(big.Length, (await o.RecordAsync("/big.txt"))?.Size);
    }

    // Reads a miss to the end with the store's commits held (a reader that waited for its copy's commit would time
    // out here); returns once the copy's commit waits at the gate.
    private static async Task<string> ReadWhileCommitsAreHeldAsync(HttpOrigin o, string path)
    {
        o.Gated.Commits.Shut();
        var text = await o.Os.ReadAllTextAsync(path).AsTask().WaitAsync(Patience);
        await o.Gated.Commits.Reached.WaitAsync(Patience);
        return text;
    }

    // Completes when a watcher of /web is told of a change at path (watchers are told once the cache element has dealt with it).
    private static Task ToldOfAsync(HttpOrigin o, string path, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        await foreach (var change in o.Os.Watch("/web", cancellationToken: cancellationToken))
        {
            if (change.Path.Value == path) return;
        }
    }, cancellationToken);
}
