using System.Text;
using Namespace.Core.Errors;
using Namespace.Core.Providers;

using static Namespace.Caching.Tests.WriteBackSupport;

namespace Namespace.Caching.Tests;

/// <summary>
/// Write-back under hostile use: changes made while the path's upload is in flight, appends, directories made and removed,
/// origin refusals and resets, restarts, odd names. The promise: a write that returned is never lost and never overwrites
/// someone else's newer version; lookups see local changes at once; no false conflicts; flush returns what is left.
/// </summary>
[TestClass]
public sealed class WriteBackBreakTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    private static Task<HttpOrigin> StartAsync(string options = "", params (string Name, string Content)[] files) =>
        HttpOrigin.StartAsync("ttl=10m,mode=writeback" + options, files.Select(f => KeyValuePair.Create(f.Name, f.Content)), db: false);

    [TestMethod]
    public async Task AnAppendToADirtyFile_AppendsToTheLocalVersion()
    {
        await using var origin = await StartAsync(",delay=1h", ("log.txt", "one\n"));
        Assert.AreEqual("one\n", await origin.Os.ReadAllTextAsync("/web/log.txt"));
        await origin.Os.WriteAllTextAsync("/web/log.txt", "uno\n");

        await using (var append = await origin.Os.OpenWriteAsync("/web/log.txt", WriteMode.Append))
            await append.WriteAsync(Encoding.UTF8.GetBytes("dos\n"));

        Assert.AreEqual("uno\ndos\n", await origin.Os.ReadAllTextAsync("/web/log.txt"));
        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("uno\ndos\n", await File.ReadAllTextAsync(origin.OriginFile("log.txt")));
    }

    [TestMethod]
    public async Task ARenameWhileTheUploadIsInFlight_LosesNeitherName()
    {
        await using var origin = await StartAsync();
        origin.Proxy.HoldNextAnswer("/a.txt", "PUT 201");
        await origin.Os.WriteAllTextAsync("/web/a.txt", "content");
        await origin.Proxy.HeldAnswer.Reached.WaitAsync(Bounded);

        await origin.Os.RenameAsync("/web/a.txt", "/web/b.txt");
        origin.Proxy.HeldAnswer.Open();

        Assert.AreEqual("content", await origin.Os.ReadAllTextAsync("/web/b.txt"));
        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("content", await File.ReadAllTextAsync(origin.OriginFile("b.txt")));
        Assert.IsFalse(File.Exists(origin.OriginFile("a.txt")), "the old name goes once its upload landed");
        Assert.IsFalse(await origin.Os.ExistsAsync("/web/a.txt"));
    }

    [TestMethod]
    public async Task ARewriteWhileTheUploadIsInFlight_EndsWithTheLatest()
    {
        await using var origin = await StartAsync();
        origin.Proxy.HoldNextAnswer("/f.txt", "PUT 201");
        await origin.Os.WriteAllTextAsync("/web/f.txt", "first");
        await origin.Proxy.HeldAnswer.Reached.WaitAsync(Bounded);

        await origin.Os.WriteAllTextAsync("/web/f.txt", "second");
        origin.Proxy.HeldAnswer.Open();

        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("second", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
        Assert.AreEqual("second", await origin.Os.ReadAllTextAsync("/web/f.txt"));
    }

    [TestMethod]
    public async Task ARemoveWhileTheFirstUploadIsInFlight_EndsWithNothing()
    {
        await using var origin = await StartAsync();
        origin.Proxy.HoldNextAnswer("/f.txt", "PUT 201");
        await origin.Os.WriteAllTextAsync("/web/f.txt", "first");
        await origin.Proxy.HeldAnswer.Reached.WaitAsync(Bounded);

        await origin.Os.DeleteAsync("/web/f.txt");
        origin.Proxy.HeldAnswer.Open();

        NothingLeft(await FlushAsync(origin));
        Assert.IsFalse(File.Exists(origin.OriginFile("f.txt")));
        Assert.IsFalse(await origin.Os.ExistsAsync("/web/f.txt"));
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(16)]
    public async Task ManyWritesToManyPaths_AllArrive(int uploads)
    {
        await using var origin = await StartAsync($",uploads={uploads}");
        for (var d = 0; d < 5; d++)
        {
            await origin.Os.CreateDirectoryAsync($"/web/d{d}");
            for (var i = 0; i < 20; i++) await origin.Os.WriteAllTextAsync($"/web/d{d}/f{i}.txt", $"{d}/{i} v1");
        }
        for (var d = 0; d < 5; d++)
        {
            for (var i = 0; i < 20; i += 3) await origin.Os.WriteAllTextAsync($"/web/d{d}/f{i}.txt", $"{d}/{i} v2");
        }

        NothingLeft(await FlushAsync(origin));
        for (var d = 0; d < 5; d++)
        {
            for (var i = 0; i < 20; i++)
                Assert.AreEqual($"{d}/{i} {(i % 3 == 0 ? "v2" : "v1")}", await File.ReadAllTextAsync(origin.OriginFile($"d{d}/f{i}.txt")));
        }
    }

    [TestMethod]
    public async Task AnAbortedWrite_ChangesNothing_AndUploadsNothing()
    {
        await using var origin = await StartAsync("", ("f.txt", "origin"));
        Assert.AreEqual("origin", await origin.Os.ReadAllTextAsync("/web/f.txt"));

        await using (var write = await origin.Os.OpenWriteAsync("/web/f.txt"))
        {
            await write.WriteAsync(Encoding.UTF8.GetBytes("half"));
            write.Abort();
        }
        await using (var write = await origin.Os.OpenWriteAsync("/web/new.txt"))
        {
            await write.WriteAsync(Encoding.UTF8.GetBytes("half"));
            write.Abort();
        }

        Assert.AreEqual("origin", await origin.Os.ReadAllTextAsync("/web/f.txt"));
        Assert.IsFalse(await origin.Os.ExistsAsync("/web/new.txt"));
        Assert.IsEmpty(await origin.Os.UploadQueueAsync("/web"));
        NothingLeft(await FlushAsync(origin));
        Assert.IsFalse(File.Exists(origin.OriginFile("new.txt")));
    }

    [TestMethod]
    public async Task PendingChanges_SurviveAStopAndStartOfTheElement()
    {
        await using var origin = await StartAsync();
        origin.Proxy.Mode = ProxyMode.Fail503;
        await origin.Os.WriteAllTextAsync("/web/f.txt", "kept");
        await AttemptedAsync(origin);

        await origin.RemountAsync("ttl=10m,mode=writeback");
        Assert.AreEqual("kept", await origin.Os.ReadAllTextAsync("/web/f.txt"));
        origin.Proxy.Mode = ProxyMode.Pass;
        origin.Clock.Advance(AfterEveryBackoff);

        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("kept", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    public async Task AWriteIntoADirectoryMadeThenRemoved_IsRefused()
    {
        await using var origin = await StartAsync();
        await origin.Os.CreateDirectoryAsync("/web/d");
        await origin.Os.DeleteAsync("/web/d").AsTask().WaitAsync(Bounded);

        var error = await Assert.ThrowsAsync<NamespaceException>(async () => await origin.Os.WriteAllTextAsync("/web/d/x.txt", "x"));

        Assert.AreEqual(NsErrorKind.NotFound, error.Kind);
        NothingLeft(await FlushAsync(origin));
    }

    [TestMethod]
    public async Task AFileRemovedThenRecreatedBeforeItsUpload_IsUploadedOverTheOriginsVersion()
    {
        await using var origin = await StartAsync(",delay=1h", ("f.txt", "origin"));
        Assert.AreEqual("origin", await origin.Os.ReadAllTextAsync("/web/f.txt"));

        await origin.Os.DeleteAsync("/web/f.txt");
        await origin.Os.WriteAllTextAsync("/web/f.txt", "again");

        Assert.AreEqual("again", await origin.Os.ReadAllTextAsync("/web/f.txt"));
        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("again", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    [DataRow(500)]
    [DataRow(429)]
    public async Task TransientRefusals_AreRetried(int status)
    {
        await using var origin = await StartAsync();
        origin.Proxy.Refuse = (method, _) => method == "PUT" ? status : null;
        await origin.Os.WriteAllTextAsync("/web/f.txt", "kept");
        await AttemptedAsync(origin);

        Assert.AreEqual(JournalState.Pending, (await origin.Os.UploadQueueAsync("/web")).Single().State);
        origin.Proxy.Refuse = null;
        origin.Clock.Advance(AfterEveryBackoff);
        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("kept", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    public async Task AForbiddenUpload_IsParkedAsFailed_AndKept()
    {
        await using var origin = await StartAsync();
        origin.Proxy.Refuse = (method, _) => method == "PUT" ? 403 : null;
        await origin.Os.WriteAllTextAsync("/web/f.txt", "kept");

        var left = await FlushAsync(origin);

        Assert.AreEqual(JournalState.Failed, left.Single().State);
        Assert.AreEqual("kept", await origin.Os.ReadAllTextAsync("/web/f.txt"));
    }

    [TestMethod]
    public async Task ForkedNamespaces_SharingTheElement_EachFlushWhatTheyWrote()
    {
        await using var origin = await StartAsync(",delay=1h");
        var fork = origin.Os.Fork();
        await origin.Os.WriteAllTextAsync("/web/mine.txt", "mine");
        await fork.WriteAllTextAsync("/web/forked.txt", "forked");

        Assert.AreEqual("forked", await origin.Os.ReadAllTextAsync("/web/forked.txt"));
        NothingLeft(await fork.FlushAsync("/web").WaitAsync(Bounded));
        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("mine", await File.ReadAllTextAsync(origin.OriginFile("mine.txt")));
        Assert.AreEqual("forked", await File.ReadAllTextAsync(origin.OriginFile("forked.txt")));
    }

    [TestMethod]
    public async Task CancellingAFlush_StopsNoUpload()
    {
        await using var origin = await StartAsync();
        origin.Proxy.HoldNextAnswer("/f.txt", "PUT 201");
        await origin.Os.WriteAllTextAsync("/web/f.txt", "kept");
        await origin.Proxy.HeldAnswer.Reached.WaitAsync(Bounded);
        using (var cancel = new CancellationTokenSource())
        {
            var flush = origin.Os.FlushAsync("/web", cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAsync<OperationCanceledException>(() => flush);
        }
        origin.Proxy.HeldAnswer.Open();

        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("kept", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    public async Task AnAppendToAnOriginFileNeverRead_KeepsWhatWasThere()
    {
        await using var origin = await StartAsync("", ("log.txt", "one\n"));

        await using (var append = await origin.Os.OpenWriteAsync("/web/log.txt", WriteMode.Append))
            await append.WriteAsync(Encoding.UTF8.GetBytes("two\n"));

        Assert.AreEqual("one\ntwo\n", await origin.Os.ReadAllTextAsync("/web/log.txt"));
        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("one\ntwo\n", await File.ReadAllTextAsync(origin.OriginFile("log.txt")));
    }

    [TestMethod]
    public async Task ADirectoryMadeOverARemovedFile_IsListedAsADirectory_WithWhatIsInIt_AndUploaded()
    {
        await using var origin = await StartAsync(",delay=1h", ("f", "a file"));
        Assert.AreEqual("a file", await origin.Os.ReadAllTextAsync("/web/f"));

        await origin.Os.DeleteAsync("/web/f");
        await origin.Os.CreateDirectoryAsync("/web/f");
        await origin.Os.WriteAllTextAsync("/web/f/g.txt", "inside");

        Assert.IsTrue((await origin.Os.StatAsync("/web/f")).IsDirectory);
        Assert.IsTrue((await ListAsync(origin, "/web")).Single(e => e.Name == "f").IsDirectory, "ls shows what stat shows");
        Assert.AreEqual("g.txt", (await ListAsync(origin, "/web/f")).Single().Name);
        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("inside", await File.ReadAllTextAsync(origin.OriginFile("f/g.txt")));
    }

    [TestMethod]
    public async Task Flush_ReturnsWhenADirectoryConflicts_WithWhatWaitsInIt()
    {
        await using var origin = await StartAsync(",delay=1h");
        await origin.Os.CreateDirectoryAsync("/web/d");
        await origin.Os.WriteAllTextAsync("/web/d/x.txt", "kept");
        // Someone else makes a file where our directory is to go.
        await File.WriteAllTextAsync(origin.OriginFile("d"), "theirs");

        var left = await FlushAsync(origin);

        Assert.AreEqual(JournalState.Conflict, left.Single(c => c.Path.Value == "/web/d").State);
        Assert.IsTrue(left.Any(c => c.Path.Value == "/web/d/x.txt"), "what waits for it is left too");
        Assert.AreEqual("kept", await origin.Os.ReadAllTextAsync("/web/d/x.txt"));
        Assert.AreEqual("theirs", await File.ReadAllTextAsync(origin.OriginFile("d")));
    }

    [TestMethod]
    public async Task Flush_ReturnsWhenTheOriginRefusesADirectory_WithWhatWaitsInIt()
    {
        await using var origin = await StartAsync(",delay=1h");
        origin.Proxy.Refuse = (method, path) => method == "MKCOL" && path.TrimEnd('/') == "/d" ? 403 : null;
        await origin.Os.CreateDirectoryAsync("/web/d");
        await origin.Os.WriteAllTextAsync("/web/d/x.txt", "kept");

        var left = await FlushAsync(origin);

        Assert.AreEqual(JournalState.Failed, left.Single(c => c.Path.Value == "/web/d").State);
        Assert.IsTrue(left.Any(c => c.Path.Value == "/web/d/x.txt"));
        Assert.AreEqual("kept", await origin.Os.ReadAllTextAsync("/web/d/x.txt"));
    }

    [TestMethod]
    public async Task AnUploadWhoseAnswerWasLost_ThenARewrite_ThenATransientFailure_IsNoConflict()
    {
        await using var origin = await StartAsync();
        origin.Proxy.CutNextAnswer("/f.txt", "PUT 201");
        await origin.Os.WriteAllTextAsync("/web/f.txt", "first");
        await AttemptedAsync(origin);
        Assert.AreEqual("first", await File.ReadAllTextAsync(origin.OriginFile("f.txt")), "the origin took it; we never heard");

        origin.Proxy.Mode = ProxyMode.Fail503;
        await origin.Os.WriteAllTextAsync("/web/f.txt", "second");
        await AttemptedAsync(origin);
        origin.Proxy.Mode = ProxyMode.Pass;
        origin.Clock.Advance(AfterEveryBackoff);

        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("second", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    public async Task AnUploadWhoseAnswerWasLost_ThenARemove_ThenATransientFailure_EndsWithNothing()
    {
        await using var origin = await StartAsync();
        origin.Proxy.CutNextAnswer("/f.txt", "PUT 201");
        await origin.Os.WriteAllTextAsync("/web/f.txt", "first");
        await AttemptedAsync(origin);

        origin.Proxy.Mode = ProxyMode.Fail503;
        await origin.Os.DeleteAsync("/web/f.txt");
        await AttemptedAsync(origin);
        origin.Proxy.Mode = ProxyMode.Pass;
        origin.Clock.Advance(AfterEveryBackoff);

        NothingLeft(await FlushAsync(origin));
        Assert.IsFalse(File.Exists(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    public async Task ADirectoryMadeAndRemovedWhileTheOriginIsDown_NeverReachesIt()
    {
        await using var origin = await StartAsync(",delay=1h");
        await origin.Os.CreateDirectoryAsync("/web/tmp");
        origin.Proxy.Mode = ProxyMode.Fail503;

        await origin.Os.DeleteAsync("/web/tmp").AsTask().WaitAsync(Bounded);

        Assert.IsEmpty(await origin.Os.UploadQueueAsync("/web"));
        origin.Proxy.Mode = ProxyMode.Pass;
        Assert.IsFalse(await origin.Os.ExistsAsync("/web/tmp"));
        NothingLeft(await FlushAsync(origin));
        Assert.IsFalse(Directory.Exists(origin.OriginFile("tmp")));
        Assert.IsFalse(origin.Proxy.Answers("/tmp/").Concat(origin.Proxy.Answers("/tmp")).Any(a => a.StartsWith("MKCOL", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task AUnionBoundTwice_FlushListsEachChangeOnce()
    {
        await using var origin = await StartAsync(",delay=1h");
        await origin.Os.BindAsync("/web", "/mirror");
        origin.Proxy.Refuse = (method, _) => method == "PUT" ? 403 : null;
        await origin.Os.WriteAllTextAsync("/mirror/f.txt", "x");

        var left = await origin.Os.FlushAsync("/").WaitAsync(Bounded);

        Assert.HasCount(1, left, string.Join("; ", left.Select(c => c.Path)));
        Assert.HasCount(1, origin.Proxy.Answers("/f.txt").Where(a => a.StartsWith("PUT", StringComparison.Ordinal)));
    }

    [TestMethod]
    [Ignore("Not fixed yet: each mount point of a write-back union has its own uploader (bind /web /mirror makes a second over the same journal), and only the one holding the journal's lease uploads; a flush asked of the other wakes only itself, and the holder, not flushing, leaves what the delay holds back for the delay (an hour here; for ever on the fake clock). AUnionBoundTwice_FlushListsEachChangeOnce hangs the same way when the second uploader wins the lease. A flush needs to reach the holder (one uploader per store and root in a process, and a flush request in the journal for other processes)")]
    public async Task AFlushThroughAMountPointWhoseUploaderHasNoLease_SendsWhatTheDelayHoldsBack()
    {
        await using var origin = await StartAsync(",delay=1h");
        await origin.Os.WriteAllTextAsync("/web/first.txt", "x");
        NothingLeft(await FlushAsync(origin)); // the uploader of /web has run, and holds the lease
        await origin.Os.BindAsync("/web", "/mirror");

        await origin.Os.WriteAllTextAsync("/mirror/f.txt", "x");

        NothingLeft(await origin.Os.FlushAsync("/mirror").WaitAsync(Bounded));
        Assert.AreEqual("x", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    [Ignore("Design question: a write to a path the cache knows nothing of is based on 'unknown' (so it works offline without a lookup), and its upload then parks as a conflict when the origin has a file there, even one the user just saw with stat; asking the origin at write time when it answers would fix it online at the cost of a round trip per write")]
    public async Task AWriteOverAnOriginFileNeverRead_IsNoConflict()
    {
        await using var origin = await StartAsync("", ("f.txt", "theirs, seen by ls"));
        Assert.IsTrue(await origin.Os.ExistsAsync("/web/f.txt"));

        await origin.Os.WriteAllTextAsync("/web/f.txt", "mine");

        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("mine", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
    }

    [TestMethod]
    public async Task ARenameOverAnOriginFileNeverRead_IsNoConflict()
    {
        await using var origin = await StartAsync("", ("a.txt", "new"), ("b.txt", "old"));

        await origin.Os.RenameAsync("/web/a.txt", "/web/b.txt");

        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("new", await File.ReadAllTextAsync(origin.OriginFile("b.txt")));
        Assert.IsFalse(File.Exists(origin.OriginFile("a.txt")));
    }

    [TestMethod]
    public async Task AnOriginFileChangedToADirectory_IsAConflict_AndTheLocalVersionKept()
    {
        await using var origin = await StartAsync(",delay=1h", ("f", "base"));
        Assert.AreEqual("base", await origin.Os.ReadAllTextAsync("/web/f"));
        await origin.Os.WriteAllTextAsync("/web/f", "mine");
        File.Delete(origin.OriginFile("f"));
        Directory.CreateDirectory(origin.OriginFile("f"));

        var left = await FlushAsync(origin);

        Assert.AreEqual(JournalState.Conflict, left.Single().State);
        Assert.AreEqual("a directory is there at the origin", left[0].Reason);
        Assert.AreEqual("mine", await origin.Os.ReadAllTextAsync("/web/f"));
        Assert.AreEqual(CacheState.Conflict, (await origin.Os.StatAsync("/web/f")).Cache);

        await origin.Os.ResolveAsync("/web/f", keepLocal: false);

        NothingLeft(await FlushAsync(origin));
        Assert.IsTrue((await origin.Os.StatAsync("/web/f")).IsDirectory, "the origin's side: its directory");
        Assert.IsTrue(Directory.Exists(origin.OriginFile("f")));
    }

    [TestMethod]
    public async Task AnOriginFileRemovedHere_ThatBecameADirectoryThere_IsAConflict_AndTheDirectoryKept()
    {
        await using var origin = await StartAsync(",delay=1h", ("f", "base"));
        Assert.AreEqual("base", await origin.Os.ReadAllTextAsync("/web/f"));
        await origin.Os.DeleteAsync("/web/f");
        File.Delete(origin.OriginFile("f"));
        Directory.CreateDirectory(origin.OriginFile("f"));
        await File.WriteAllTextAsync(origin.OriginFile("f/theirs.txt"), "theirs");

        var left = await FlushAsync(origin);

        Assert.AreEqual(JournalState.Conflict, left.Single().State);
        Assert.AreEqual("a directory is there at the origin", left[0].Reason);
        Assert.AreEqual("theirs", await File.ReadAllTextAsync(origin.OriginFile("f/theirs.txt")));

        await origin.Os.ResolveAsync("/web/f", keepLocal: false);

        NothingLeft(await FlushAsync(origin));
        Assert.AreEqual("theirs", await origin.Os.ReadAllTextAsync("/web/f/theirs.txt"));
    }

    [TestMethod]
    public async Task NamesWithSpacesAndMarks_AreUploadedUnderTheirNames()
    {
        await using var origin = await StartAsync();
        string[] names = ["a b.txt", "100% sure#1?.txt", "café ünï.txt", "a+b&c=d.txt", "%2e%2e"];
        await origin.Os.CreateDirectoryAsync("/web/sp ace");
        foreach (var name in names) await origin.Os.WriteAllTextAsync($"/web/sp ace/{name}", name);

        NothingLeft(await FlushAsync(origin));
        foreach (var name in names) Assert.AreEqual(name, await File.ReadAllTextAsync(origin.OriginFile($"sp ace/{name}")));
    }

    private static Task<IReadOnlyList<PendingChange>> FlushAsync(HttpOrigin origin) => origin.Os.FlushAsync("/web").WaitAsync(Bounded);
}
