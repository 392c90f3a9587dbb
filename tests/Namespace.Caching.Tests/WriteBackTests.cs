using Namespace.Core.Providers;

using static Namespace.Caching.Tests.WriteBackSupport;

namespace Namespace.Caching.Tests;

/// <summary>
/// A write-back element over our origin server (DESIGN §5): changes return without the origin, are read back at once,
/// and reach the origin through the uploader, conditionally, by <c>flush</c>.
/// </summary>
public abstract class WriteBackTests
{

    /// <summary>True to keep the cache and its journal in a dbfs database, false in memory.</summary>
    protected abstract bool Db { get; }

    private Task<HttpOrigin> StartAsync(string options = "", params (string Name, string Content)[] files) =>
        HttpOrigin.StartAsync("ttl=10m,mode=writeback" + options, files.Select(f => KeyValuePair.Create(f.Name, f.Content)), db: Db);

    [TestMethod]
    public async Task AWrite_ReturnsWhileTheOriginIsDown_IsReadBackDirty_AndUploadedOnceItIsBack()
    {
        await using var origin = await StartAsync();
        origin.Proxy.Mode = ProxyMode.Fail503;

        await origin.Os.WriteAllTextAsync("/web/new.txt", "hello");

        Assert.AreEqual("hello", await origin.Os.ReadAllTextAsync("/web/new.txt"));
        // The uploader may be trying it right now.
        Assert.IsTrue((await origin.Os.StatAsync("/web/new.txt")).Cache is CacheState.Dirty or CacheState.Uploading);
        Assert.IsTrue((await ListAsync(origin, "/web")).Single(e => e.Name == "new.txt").Cache is CacheState.Dirty or CacheState.Uploading);
        Assert.IsFalse(File.Exists(origin.OriginFile("new.txt")));

        // The failed attempt's back-off is measured from the clock as it was then: moved on only after it.
        await AttemptedAsync(origin);
        origin.Proxy.Mode = ProxyMode.Pass;
        origin.Clock.Advance(AfterEveryBackoff);
        var left = await origin.Os.FlushAsync("/web");

        NothingLeft(left);
        Assert.AreEqual("hello", await File.ReadAllTextAsync(origin.OriginFile("new.txt")));
        Assert.AreEqual(CacheState.Fresh, (await origin.Os.StatAsync("/web/new.txt")).Cache, "uploaded: a clean copy of the origin's version");
    }

    [TestMethod]
    public async Task ANewFile_StaysListedAfterItsUpload_ThoughTheListingWasCachedBeforeIt()
    {
        await using var origin = await StartAsync("", ("old.txt", "old"));
        Assert.HasCount(1, await ListAsync(origin, "/web"));

        await origin.Os.WriteAllTextAsync("/web/new.txt", "new");
        NothingLeft(await origin.Os.FlushAsync("/web"));

        CollectionAssert.AreEqual(new[] { "new.txt", "old.txt" }, (await ListAsync(origin, "/web")).Select(e => e.Name).ToArray());
    }

    [TestMethod]
    public async Task Flush_MakesDirectoriesBeforeWhatIsInThem()
    {
        await using var origin = await StartAsync();

        await origin.Os.CreateDirectoryAsync("/web/d");
        await origin.Os.CreateDirectoryAsync("/web/d/e");
        await origin.Os.WriteAllTextAsync("/web/d/e/f.txt", "deep");
        var left = await origin.Os.FlushAsync("/web");

        NothingLeft(left);
        Assert.AreEqual("deep", await File.ReadAllTextAsync(origin.OriginFile("d/e/f.txt")));
    }

    [TestMethod]
    public async Task AFileRemovedBeforeItsUpload_NeverReachesTheOrigin()
    {
        await using var origin = await StartAsync(",delay=1h");

        await origin.Os.WriteAllTextAsync("/web/tmp.txt", "scratch");
        await origin.Os.DeleteAsync("/web/tmp.txt");
        var left = await origin.Os.FlushAsync("/web");

        NothingLeft(left);
        Assert.IsFalse(await origin.Os.ExistsAsync("/web/tmp.txt"));
        Assert.IsEmpty(origin.Proxy.Answers("/tmp.txt").Where(a => !a.StartsWith("GET", StringComparison.Ordinal) && !a.StartsWith("HEAD", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task RepeatedWrites_WithADelay_AreUploadedOnce()
    {
        await using var origin = await StartAsync(",delay=1h");

        for (var i = 0; i < 5; i++) await origin.Os.WriteAllTextAsync("/web/log.txt", $"version {i}");
        var left = await origin.Os.FlushAsync("/web");

        NothingLeft(left);
        Assert.AreEqual("version 4", await File.ReadAllTextAsync(origin.OriginFile("log.txt")));
        Assert.HasCount(1, origin.Proxy.Answers("/log.txt").Where(a => a.StartsWith("PUT", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task ARemoveOfAnOriginFile_IsHiddenAtOnce_AndUploaded()
    {
        await using var origin = await StartAsync("", ("old.txt", "old"));
        Assert.AreEqual("old", await origin.Os.ReadAllTextAsync("/web/old.txt"));
        origin.Proxy.Mode = ProxyMode.Fail503;

        await origin.Os.DeleteAsync("/web/old.txt");

        Assert.IsFalse(await origin.Os.ExistsAsync("/web/old.txt"));
        Assert.IsFalse((await ListAsync(origin, "/web")).Any(e => e.Name == "old.txt"));
        await AttemptedAsync(origin);
        origin.Proxy.Mode = ProxyMode.Pass;
        origin.Clock.Advance(AfterEveryBackoff);
        NothingLeft(await origin.Os.FlushAsync("/web"));
        Assert.IsFalse(File.Exists(origin.OriginFile("old.txt")));
    }

    [TestMethod]
    public async Task ARename_EndsWithOnlyTheNewNameAtTheOrigin()
    {
        await using var origin = await StartAsync("", ("a.txt", "content"));
        Assert.AreEqual("content", await origin.Os.ReadAllTextAsync("/web/a.txt"));

        await origin.Os.RenameAsync("/web/a.txt", "/web/b.txt");

        Assert.AreEqual("content", await origin.Os.ReadAllTextAsync("/web/b.txt"));
        Assert.IsFalse(await origin.Os.ExistsAsync("/web/a.txt"));
        NothingLeft(await origin.Os.FlushAsync("/web"));
        Assert.AreEqual("content", await File.ReadAllTextAsync(origin.OriginFile("b.txt")));
        Assert.IsFalse(File.Exists(origin.OriginFile("a.txt")));
    }

    [TestMethod]
    public async Task AFileChangedAtTheOrigin_WhileOursIsDirty_IsAConflict_BothVersionsSurvive_AndResolveKeepsLocal()
    {
        await using var origin = await StartAsync(",delay=1h", ("f.txt", "base"));
        Assert.AreEqual("base", await origin.Os.ReadAllTextAsync("/web/f.txt"));
        await origin.Os.WriteAllTextAsync("/web/f.txt", "mine");
        await File.WriteAllTextAsync(origin.OriginFile("f.txt"), "theirs");

        var left = await origin.Os.FlushAsync("/web");

        Assert.HasCount(1, left);
        Assert.AreEqual(JournalState.Conflict, left[0].State);
        Assert.AreEqual("/web/f.txt", left[0].Path.Value);
        Assert.AreEqual("theirs", await File.ReadAllTextAsync(origin.OriginFile("f.txt")), "nothing overwritten");
        Assert.AreEqual("mine", await origin.Os.ReadAllTextAsync("/web/f.txt"), "nothing dropped");
        Assert.AreEqual(CacheState.Conflict, (await origin.Os.StatAsync("/web/f.txt")).Cache);

        await origin.Os.ResolveAsync("/web/f.txt", keepLocal: true);

        NothingLeft(await origin.Os.FlushAsync("/web"));
        Assert.AreEqual("mine", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    public async Task AFileRemovedAtTheOrigin_WhileOursIsDirty_IsAConflict_AndResolveKeepsRemote()
    {
        await using var origin = await StartAsync(",delay=1h", ("f.txt", "base"));
        Assert.AreEqual("base", await origin.Os.ReadAllTextAsync("/web/f.txt"));
        await origin.Os.WriteAllTextAsync("/web/f.txt", "mine");
        File.Delete(origin.OriginFile("f.txt"));

        var left = await origin.Os.FlushAsync("/web");

        Assert.AreEqual(JournalState.Conflict, left.Single().State);
        StringAssert.Contains(left[0].Reason, "removed at the origin");
        Assert.AreEqual("mine", await origin.Os.ReadAllTextAsync("/web/f.txt"));

        await origin.Os.ResolveAsync("/web/f.txt", keepLocal: false);

        NothingLeft(await origin.Os.FlushAsync("/web"));
        Assert.IsFalse(await origin.Os.ExistsAsync("/web/f.txt"), "the origin's side: no file");
        Assert.IsFalse(File.Exists(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    public async Task AnUploadTheOriginAlreadyHolds_IsNoConflict()
    {
        await using var origin = await StartAsync(",delay=1h");
        await origin.Os.WriteAllTextAsync("/web/same.txt", "identical");
        // As if an upload had landed and the process died before recording it.
        await File.WriteAllTextAsync(origin.OriginFile("same.txt"), "identical");

        var left = await origin.Os.FlushAsync("/web");

        NothingLeft(left);
        Assert.AreEqual(CacheState.Fresh, (await origin.Os.StatAsync("/web/same.txt")).Cache);
    }

    [TestMethod]
    public async Task Flush_WhileTheOriginIsDown_WaitsUntilCancelled_AndLosesNothing()
    {
        await using var origin = await StartAsync();
        origin.Proxy.Mode = ProxyMode.Fail503;
        await origin.Os.WriteAllTextAsync("/web/f.txt", "kept");

        using var cancel = new CancellationTokenSource();
        var flush = origin.Os.FlushAsync("/web", cancel.Token);
        await AttemptedAsync(origin);
        Assert.IsFalse(flush.IsCompleted, "nothing reached the origin");
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => flush);

        var queue = await origin.Os.UploadQueueAsync("/web");
        Assert.AreEqual(JournalState.Pending, queue.Single().State);
        Assert.IsGreaterThanOrEqualTo(1, queue[0].Attempts);
        StringAssert.Contains(queue[0].Reason, "503");
        Assert.AreEqual("kept", await origin.Os.ReadAllTextAsync("/web/f.txt"));
    }
}

[TestClass]
public sealed class MemoryWriteBackTests : WriteBackTests
{
    protected override bool Db => false;
}

[TestClass]
public sealed class DbWriteBackTests : WriteBackTests
{
    protected override bool Db => true;

    [TestMethod]
    public async Task ChangesNotUploaded_SurviveARestart_AndAreUploadedAfterIt()
    {
        await using var origin = await HttpOrigin.StartAsync("ttl=10m,mode=writeback,delay=1h", [KeyValuePair.Create("old.txt", "old")], db: true);
        Assert.AreEqual("old", await origin.Os.ReadAllTextAsync("/web/old.txt"));
        await origin.Os.CreateDirectoryAsync("/web/d");
        await origin.Os.WriteAllTextAsync("/web/d/new.txt", "written before the restart");
        await origin.Os.DeleteAsync("/web/old.txt");

        await origin.RestartAsync("ttl=10m,mode=writeback,delay=1h");
        // The first namespace was never closed, as after a crash: its uploader's lease on the journal runs out before the
        // new one may drain it.
        origin.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.AreEqual("written before the restart", await origin.Os.ReadAllTextAsync("/web/d/new.txt"));
        Assert.IsFalse(await origin.Os.ExistsAsync("/web/old.txt"));
        Assert.HasCount(3, await origin.Os.UploadQueueAsync("/web"));
        var left = await origin.Os.FlushAsync("/web");
        Assert.IsEmpty(left);
        Assert.AreEqual("written before the restart", await File.ReadAllTextAsync(origin.OriginFile("d/new.txt")));
        Assert.IsFalse(File.Exists(origin.OriginFile("old.txt")));
    }
}
