using System.Text.RegularExpressions;
using Namespace.Core.Paths;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

using static Namespace.Caching.Tests.WriteBackSupport;

namespace Namespace.Caching.Tests;

/// <summary>
/// The uploader against each way an origin fails (DESIGN §5), over a dbfs cache and our origin server behind the fault
/// proxy, with flush, status, ls and resolve typed into the shell: writes go on locally and read back; transient failures
/// are retried with capped, growing back-off (on the fake clock); refusals are parked as failed with the origin's reason
/// and conflicts as conflicts, neither retried until the user acts; flush says exactly what is left and fails; and once
/// the origin is back, everything arrives byte for byte, each write taken by the origin once.
/// </summary>
[TestClass]
public sealed partial class WriteBackFaultTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);
    private static readonly byte[] Big = MakeBig();

    [TestMethod]
    [DataRow("connection refused", "connection refused")]
    [DataRow("no answer", "no answer within 2 s")]
    [DataRow("408", "408 Request Timeout")]
    [DataRow("429", "429 Too Many Requests")]
    [DataRow("429, Retry-After: 30", "429 Too Many Requests")]
    [DataRow("429, Retry-After: 3600", "429 Too Many Requests")]
    [DataRow("500", "500 Internal Server Error")]
    [DataRow("502", "502 Bad Gateway")]
    [DataRow("503", "503 Service Unavailable")]
    [DataRow("504", "504 Gateway Timeout")]
    [DataRow("request body cut", "")]
    [DataRow("answer cut", "")]
    public async Task ATransientFault_WritesGoOnLocally_RetriesBackOff_FlushSaysWhatIsLeft_AndAllArriveOnceAfterIt(string fault, string reason)
    {
        await using var origin = await StartAsync();
        var shell = ShellOf(origin);
        Assert.AreEqual("old", await origin.Os.ReadAllTextAsync("/web/old.txt"));
        Assert.HasCount(2, await ListAsync(origin, "/web"));
        await InjectAsync(origin, fault);

        await origin.Os.WriteAllBytesAsync("/web/new.bin", Big);
        await origin.Os.WriteAllTextAsync("/web/old.txt", "mine");

        CollectionAssert.AreEqual(Big, await origin.Os.ReadAllBytesAsync("/web/new.bin"), "read back at once");
        Assert.AreEqual("mine", await origin.Os.ReadAllTextAsync("/web/old.txt"));
        var ls = await Shell.RunAsync(shell, "ls /web");
        Assert.AreEqual("gone.txt\nnew.bin\nold.txt\n", ls.Output, ls.Errors);

        // Each failed attempt waits longer before the next (on the fake clock, moved only here), and none comes early: the
        // requests for the file reached the origin at the times attempts fell due, and at no other.
        var due = new List<DateTimeOffset> { origin.Clock.GetUtcNow() };
        // Once the origin took an upload whose answer was cut, the next attempt finds it there: nothing fails again.
        var failures = fault == "answer cut" ? 1 : 3;
        for (var k = 1; k <= failures; k++)
        {
            var row = await FailedAsync(origin, "/new.bin", k);
            Assert.AreEqual(k, row.Attempts, "not tried again before its back-off ends");
            StringAssert.Contains(row.Reason, reason);
            var wait = row.NotBeforeUtc - origin.Clock.GetUtcNow();
            AssertBackoff(fault, k, wait);
            if (fault != "connection refused")
                CollectionAssert.AreEqual(due, origin.Proxy.Arrivals("/new.bin").Distinct().ToList(), string.Join(", ", origin.Proxy.Answers("/new.bin")));
            if (k == failures) break;
            origin.Clock.Advance(wait);
            due.Add(origin.Clock.GetUtcNow());
        }

        var flush = await Shell.RunAsync(shell, "flush -t 1s /web");

        Assert.AreNotEqual("", flush.Status);
        Assert.AreEqual("nsh: flush: timed out after 1s: 2 changes not uploaded yet\n", flush.Errors);
        var left = Lines(flush.Output);
        CollectionAssert.AreEquivalent(new[] { "write /web/new.bin", "write /web/old.txt" }, left.Select(l => $"{l.Change} {l.Path}").ToArray(), flush.Output);
        Assert.IsTrue(left.All(l => l.State is "pending" or "uploading"), flush.Output);
        StringAssert.Contains(left.Single(l => l.Path == "/web/new.bin").Reason, reason);
        Assert.AreEqual("mine", await origin.Os.ReadAllTextAsync("/web/old.txt"), "nothing lost while it waits");

        await QuietAsync(origin);
        await HealAsync(origin, fault);
        origin.Clock.Advance(AfterEveryBackoff);
        var done = await Shell.RunAsync(shell, "flush /web").WaitAsync(Bounded);

        Assert.AreEqual("", done.Status, done.Errors);
        Assert.AreEqual("", done.Output);
        CollectionAssert.AreEqual(Big, await File.ReadAllBytesAsync(origin.OriginFile("new.bin")), "byte for byte");
        Assert.AreEqual("mine", await File.ReadAllTextAsync(origin.OriginFile("old.txt")));
        TakenOnce(origin, "/new.bin");
        TakenOnce(origin, "/old.txt");
    }

    [TestMethod]
    public async Task Backoff_DoublesUpToTwoMinutes_AndStaysThere()
    {
        await using var origin = await StartAsync();
        origin.Proxy.Refuse = (method, _) => method == "PUT" ? 503 : null;
        await origin.Os.WriteAllTextAsync("/web/f.txt", "kept");

        var waits = new List<TimeSpan>();
        for (var k = 1; k <= 10; k++)
        {
            var row = await FailedAsync(origin, "/f.txt", k);
            Assert.AreEqual(k, row.Attempts);
            var wait = row.NotBeforeUtc - origin.Clock.GetUtcNow();
            waits.Add(wait);
            AssertBackoff("503", k, wait);
            if (k < 10) origin.Clock.Advance(wait);
        }

        Assert.IsGreaterThan(TimeSpan.FromSeconds(90), waits[^1], string.Join(", ", waits));
        var shown = await Shell.RunAsync(ShellOf(origin), "status /web");
        StringAssert.Contains(shown.Output, "pending write /web/f.txt (attempt ");
        origin.Proxy.Refuse = null;
        origin.Clock.Advance(AfterEveryBackoff);
        NothingLeft(await origin.Os.FlushAsync("/web").WaitAsync(Bounded));
        Assert.AreEqual("kept", await File.ReadAllTextAsync(origin.OriginFile("f.txt")));
        TakenOnce(origin, "/f.txt");
    }

    [TestMethod]
    public async Task EveryKindOfChange_WhileTheOriginIsDown_IsKeptAndShown_AndMadeOnceItIsBack()
    {
        await using var origin = await StartAsync();
        var shell = ShellOf(origin);
        Assert.AreEqual("gone", await origin.Os.ReadAllTextAsync("/web/gone.txt"));
        Assert.AreEqual("old", await origin.Os.ReadAllTextAsync("/web/old.txt"));
        Assert.HasCount(2, await ListAsync(origin, "/web"));
        await origin.Proxy.StopListeningAsync();

        await origin.Os.CreateDirectoryAsync("/web/d");
        await origin.Os.WriteAllBytesAsync("/web/d/new.bin", Big);
        await origin.Os.DeleteAsync("/web/gone.txt");
        await origin.Os.RenameAsync("/web/old.txt", "/web/d/moved.txt");

        var ls = await Shell.RunAsync(shell, "ls /web /web/d");
        Assert.AreEqual("", ls.Status, ls.Errors);
        Assert.AreEqual("/web/d/\n/web/d/moved.txt\n/web/d/new.bin\n", ls.Output);
        Assert.AreEqual("old", await origin.Os.ReadAllTextAsync("/web/d/moved.txt"));
        await FailedAsync(origin, "/d", 1);
        var flush = await Shell.RunAsync(shell, "flush -t 1s /web");
        Assert.AreEqual("nsh: flush: timed out after 1s: 5 changes not uploaded yet\n", flush.Errors);
        CollectionAssert.AreEquivalent(
            new[] { "mkdir /web/d", "write /web/d/new.bin", "remove /web/gone.txt", "write /web/d/moved.txt", "remove /web/old.txt" },
            Lines(flush.Output).Select(l => $"{l.Change} {l.Path}").ToArray(), flush.Output);

        await QuietAsync(origin);
        await origin.Proxy.ListenAgainAsync();
        origin.Clock.Advance(AfterEveryBackoff);
        var done = await Shell.RunAsync(shell, "flush /web").WaitAsync(Bounded);

        Assert.AreEqual("", done.Status, done.Errors);
        CollectionAssert.AreEqual(Big, await File.ReadAllBytesAsync(origin.OriginFile("d/new.bin")));
        Assert.AreEqual("old", await File.ReadAllTextAsync(origin.OriginFile("d/moved.txt")));
        Assert.IsFalse(File.Exists(origin.OriginFile("gone.txt")));
        Assert.IsFalse(File.Exists(origin.OriginFile("old.txt")));
        TakenOnce(origin, "/d/new.bin");
        TakenOnce(origin, "/d/moved.txt");
        Assert.AreEqual(1, origin.Proxy.Answers("/gone.txt").Count(a => a == "DELETE 204"));
        Assert.AreEqual(1, origin.Proxy.Answers("/d").Count(a => a == "MKCOL 201"));
    }

    [TestMethod]
    public async Task AnUploadTheOriginAnswersAfterTheClientGaveUp_IsTakenOnce()
    {
        await using var origin = await StartAsync();
        origin.Proxy.HoldNextAnswer("/new.bin", "PUT 201");
        await origin.Os.WriteAllBytesAsync("/web/new.bin", Big);
        await origin.Proxy.HeldAnswer.Reached.WaitAsync(Bounded);

        var row = await FailedAsync(origin, "/new.bin", 1);
        StringAssert.Contains(row.Reason, "no answer within 2 s");
        origin.Proxy.HeldAnswer.Open();
        origin.Clock.Advance(AfterEveryBackoff);

        NothingLeft(await origin.Os.FlushAsync("/web").WaitAsync(Bounded));
        CollectionAssert.AreEqual(Big, await File.ReadAllBytesAsync(origin.OriginFile("new.bin")));
        TakenOnce(origin, "/new.bin");
    }

    [TestMethod]
    public async Task ASlowOrigin_HoldsUpNoWrite_AndFlushWaitsForIt()
    {
        await using var origin = await StartAsync(requestTimeout: TimeSpan.FromMinutes(5));
        var shell = ShellOf(origin);
        origin.Proxy.HoldNextAnswer("/new.bin", "PUT 201");
        await origin.Os.WriteAllBytesAsync("/web/new.bin", Big);
        await origin.Proxy.HeldAnswer.Reached.WaitAsync(Bounded);

        await origin.Os.WriteAllTextAsync("/web/other.txt", "meanwhile");
        Assert.AreEqual("meanwhile", await origin.Os.ReadAllTextAsync("/web/other.txt"));
        CollectionAssert.AreEqual(Big, await origin.Os.ReadAllBytesAsync("/web/new.bin"));
        var status = await Shell.RunAsync(shell, "status /web");
        StringAssert.Contains(status.Output, "uploading write /web/new.bin\n");
        var flush = await Shell.RunAsync(shell, "flush -t 1s /web");
        StringAssert.Contains(flush.Output, "uploading write /web/new.bin\n");
        Assert.AreNotEqual("", flush.Status);

        var done = Shell.RunAsync(shell, "flush /web");
        origin.Proxy.HeldAnswer.Open();

        Assert.AreEqual("", (await done.WaitAsync(Bounded)).Status);
        CollectionAssert.AreEqual(Big, await File.ReadAllBytesAsync(origin.OriginFile("new.bin")));
        Assert.AreEqual("meanwhile", await File.ReadAllTextAsync(origin.OriginFile("other.txt")));
        TakenOnce(origin, "/new.bin");
        Assert.HasCount(1, origin.Proxy.Arrivals("/new.bin", "PUT"), "never sent again while the first was under way");
    }

    [TestMethod]
    [DataRow(400, "failed", "400 Bad Request")]
    [DataRow(401, "failed", "401 Unauthorized")]
    [DataRow(403, "failed", "403 Forbidden")]
    [DataRow(405, "failed", "405 Method Not Allowed")]
    [DataRow(409, "failed", "409 Conflict")]
    [DataRow(413, "failed", "413 Content Too Large")]
    [DataRow(412, "conflict", "changed at the origin since this change was made")]
    public async Task ARefusal_IsParkedWithItsReason_NotRetried_UntilTheUserSendsItAgain(int refusal, string state, string reason)
    {
        await using var origin = await StartAsync();
        var shell = ShellOf(origin);
        Assert.AreEqual("old", await origin.Os.ReadAllTextAsync("/web/old.txt"));
        origin.Proxy.Refuse = (method, _) => method == "PUT" ? refusal : null;
        origin.Proxy.RefusalBody = "no writes to old.txt today";
        if (refusal == 401) origin.Proxy.RefusalHeaders["WWW-Authenticate"] = "Bearer";

        await origin.Os.WriteAllTextAsync("/web/old.txt", "mine");
        var flush = await Shell.RunAsync(shell, "flush /web").WaitAsync(Bounded);

        Assert.AreNotEqual("", flush.Status);
        Assert.AreEqual("nsh: flush: 1 change could not be uploaded (resolve conflicts with resolve; see status)\n", flush.Errors);
        var left = Lines(flush.Output).Single();
        Assert.AreEqual((state, "write", "/web/old.txt"), (left.State, left.Change, left.Path), flush.Output);
        StringAssert.Contains(left.Reason, reason);
        if (state == "failed") StringAssert.Contains(left.Reason, "no writes to old.txt today", "the origin's own words");
        Assert.AreEqual("mine", await origin.Os.ReadAllTextAsync("/web/old.txt"), "kept");
        Assert.AreEqual("old", await File.ReadAllTextAsync(origin.OriginFile("old.txt")));

        // Parked: time passing, a later flush, never try it again.
        origin.Clock.Advance(AfterEveryBackoff);
        Assert.AreEqual(flush.Output, (await Shell.RunAsync(shell, "flush /web").WaitAsync(Bounded)).Output);
        Assert.HasCount(1, origin.Proxy.Arrivals("/old.txt", "PUT"), "not retried");
        var counts = state == "failed" ? "1 failed, 0 conflicts" : "0 failed, 1 conflicts";
        StringAssert.Contains((await Shell.RunAsync(shell, "status /web")).Output, $"uploads: 0 pending, 0 uploading, {counts}\n{state} write /web/old.txt: ");

        // The user mends the origin, and says to send it again.
        origin.Proxy.Refuse = null;
        var retried = await Shell.RunAsync(shell, "resolve --keep-local /web/old.txt; flush /web").WaitAsync(Bounded);

        Assert.AreEqual("", retried.Status, retried.Errors);
        Assert.AreEqual("mine", await File.ReadAllTextAsync(origin.OriginFile("old.txt")));
        TakenOnce(origin, "/old.txt");
    }

    [TestMethod]
    public async Task AWriteWhoseDirectoryWasRemovedAtTheOrigin_IsParkedAsFailedSayingSo_UntilItIsBack()
    {
        await using var origin = await StartAsync();
        var shell = ShellOf(origin);
        Directory.CreateDirectory(origin.OriginFile("d"));
        Assert.IsTrue((await origin.Os.StatAsync("/web/d")).IsDirectory);
        await origin.Os.WriteAllTextAsync("/web/d/x.txt", "mine");
        Directory.Delete(origin.OriginFile("d"));

        var flush = await Shell.RunAsync(shell, "flush /web").WaitAsync(Bounded);

        Assert.AreNotEqual("", flush.Status);
        var left = Lines(flush.Output).Single();
        Assert.AreEqual(("failed", "write", "/web/d/x.txt"), (left.State, left.Change, left.Path), flush.Output);
        Assert.AreEqual("the directory it goes in is not at the origin", left.Reason);
        Assert.AreEqual("mine", await origin.Os.ReadAllTextAsync("/web/d/x.txt"));
        var asked = origin.Proxy.Arrivals("/d/x.txt").Count;
        origin.Clock.Advance(AfterEveryBackoff);
        Assert.AreEqual(flush.Output, (await Shell.RunAsync(shell, "flush /web").WaitAsync(Bounded)).Output);
        Assert.HasCount(asked, origin.Proxy.Arrivals("/d/x.txt"), "parked: not tried again");

        Directory.CreateDirectory(origin.OriginFile("d"));
        var retried = await Shell.RunAsync(shell, "resolve --keep-local /web/d/x.txt; flush /web").WaitAsync(Bounded);

        Assert.AreEqual("", retried.Status, retried.Errors);
        Assert.AreEqual("mine", await File.ReadAllTextAsync(origin.OriginFile("d/x.txt")));
    }

    [TestMethod]
    [DataRow("changed", "--keep-local")]
    [DataRow("changed", "--keep-remote")]
    [DataRow("removed", "--keep-local")]
    [DataRow("removed", "--keep-remote")]
    public async Task AnotherClientsChange_WhileOursIsDirty_IsAConflictKeepingBoth_ThatResolveSettles(string theirs, string keep)
    {
        await using var origin = await StartAsync(",delay=1h");
        var shell = ShellOf(origin);
        Assert.AreEqual("old", await origin.Os.ReadAllTextAsync("/web/old.txt"));
        await origin.Os.WriteAllTextAsync("/web/old.txt", "mine");
        await using var other = await OtherClientAsync(origin);
        if (theirs == "changed") await other.WriteAllTextAsync("/o/old.txt", "theirs");
        else await other.DeleteAsync("/o/old.txt");

        var flush = await Shell.RunAsync(shell, "flush /web").WaitAsync(Bounded);

        Assert.AreNotEqual("", flush.Status);
        Assert.AreEqual("nsh: flush: 1 change could not be uploaded (resolve conflicts with resolve; see status)\n", flush.Errors);
        var reason = theirs == "changed" ? "changed at the origin since this change was made" : "removed at the origin since this change was made";
        Assert.AreEqual($"conflict write /web/old.txt: {reason}\n", flush.Output);
        StringAssert.Contains((await Shell.RunAsync(shell, "status /web")).Output, $"uploads: 0 pending, 0 uploading, 0 failed, 1 conflicts\nconflict write /web/old.txt: {reason}\n");
        StringAssert.Matches((await Shell.RunAsync(shell, "ls -l /web/old.txt")).Output, new Regex(@" conflict +/web/old\.txt\n"));
        Assert.AreEqual("mine", await origin.Os.ReadAllTextAsync("/web/old.txt"), "ours, kept here");
        if (theirs == "changed") Assert.AreEqual("theirs", await other.ReadAllTextAsync("/o/old.txt"), "theirs, kept at the origin");
        else Assert.IsFalse(await other.ExistsAsync("/o/old.txt"), "their removal stands");

        var resolved = await Shell.RunAsync(shell, $"resolve {keep} /web/old.txt; flush /web").WaitAsync(Bounded);

        Assert.AreEqual("", resolved.Status, resolved.Errors);
        var expected = keep == "--keep-local" ? "mine" : theirs == "changed" ? "theirs" : null;
        var cat = await Shell.RunAsync(shell, "cat /web/old.txt");
        Assert.AreEqual(expected ?? "", cat.Output, cat.Errors);
        if (expected is null)
        {
            Assert.IsFalse(File.Exists(origin.OriginFile("old.txt")));
            Assert.AreEqual("gone.txt\n", (await Shell.RunAsync(shell, "ls /web")).Output);
        }
        else
        {
            Assert.AreEqual(expected, await File.ReadAllTextAsync(origin.OriginFile("old.txt")));
            Assert.AreEqual(expected, await other.ReadAllTextAsync("/o/old.txt"));
        }
        StringAssert.Contains((await Shell.RunAsync(shell, "status /web")).Output, "uploads: none\n");
    }

    private static async Task<HttpOrigin> StartAsync(string options = "", TimeSpan? requestTimeout = null)
    {
        var origin = await HttpOrigin.StartAsync("ttl=10m,mode=writeback" + options, [KeyValuePair.Create("old.txt", "old"), KeyValuePair.Create("gone.txt", "gone")], db: true, requestTimeout: requestTimeout);
        origin.Proxy.Clock = origin.Clock;
        return origin;
    }

    private static ShellSession ShellOf(HttpOrigin origin) =>
        new(origin.Os, StandardBuiltins.Table(), new MountTypeRegistry().AddCoreTypes(), hostDirectory: null);

    // Another client of the same origin server, not through the proxy or the cache: /o is the server's root.
    private static async Task<OtherClient> OtherClientAsync(HttpOrigin origin)
    {
        var http = await Namespace.Http.Client.HttpFileSystem.ConnectAsync(origin.Server.Url);
        var os = new Namespace.Core.Namespaces.VirtualOS();
        await os.MountAsync("/o", http);
        return new OtherClient(os, http);
    }

    private sealed class OtherClient(Namespace.Core.Namespaces.VirtualOS os, Namespace.Http.Client.HttpFileSystem http) : IAsyncDisposable
    {
        public ValueTask WriteAllTextAsync(string path, string text) => os.WriteAllTextAsync(path, text);
        public ValueTask<string> ReadAllTextAsync(string path) => os.ReadAllTextAsync(path);
        public ValueTask DeleteAsync(string path) => os.DeleteAsync(path);
        public ValueTask<bool> ExistsAsync(string path) => os.ExistsAsync(path);

        public ValueTask DisposeAsync()
        {
            http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static async Task InjectAsync(HttpOrigin origin, string fault)
    {
        var proxy = origin.Proxy;
        switch (fault)
        {
            case "connection refused":
                await proxy.StopListeningAsync();
                break;
            case "no answer":
                proxy.Mode = ProxyMode.Hang;
                break;
            case "request body cut":
                // A few bytes of the small file, 64 KiB of the big one: the connection breaks while the body is sent.
                proxy.CutBodies = (method, path) => method == "PUT" ? (path == "/new.bin" ? 64 * 1024 : 2) : null;
                break;
            case "answer cut":
                proxy.CutAnswers = (method, _) => method == "PUT";
                break;
            default:
                var parts = fault.Split(", ");
                var status = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                if (parts.Length > 1) proxy.RefusalHeaders["Retry-After"] = parts[1]["Retry-After: ".Length..];
                proxy.Refuse = (method, _) => method == "PUT" ? status : null;
                break;
        }
    }

    private static async Task HealAsync(HttpOrigin origin, string fault)
    {
        var proxy = origin.Proxy;
        if (fault == "connection refused") await proxy.ListenAgainAsync();
        proxy.Mode = ProxyMode.Pass;
        proxy.CutBodies = null;
        proxy.CutAnswers = null;
        proxy.Refuse = null;
    }

    // The wait after the k-th failed attempt: 1 s doubling up to 2 minutes, ±20%; a Retry-After the origin sent is waited
    // at least, up to the same 2 minutes.
    private static void AssertBackoff(string fault, int k, TimeSpan wait)
    {
        var doubling = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, k - 1), 120));
        var (least, most) = (doubling * 0.8, doubling * 1.2);
        if (fault.EndsWith("Retry-After: 30", StringComparison.Ordinal)) (least, most) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        if (fault.EndsWith("Retry-After: 3600", StringComparison.Ordinal)) (least, most) = (TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2));
        Assert.IsTrue(wait >= least && wait <= most, $"after attempt {k} the next waits {wait}, not {least}..{most}");
    }

    // Returns the row of store path (the cache element is bound at its store's root) once it has failed `attempts` times
    // and waits for its next attempt.
    private static async Task<JournalEntry> FailedAsync(HttpOrigin origin, string storePath, int attempts)
    {
        var path = VPath.Parse(storePath);
        var rows = await JournalAsync(origin, rows => rows.Any(r => r.Path == path && r.State == JournalState.Pending && r.Attempts >= attempts),
            $"{storePath} failed {attempts} time(s)");
        return rows.Single(r => r.Path == path);
    }

    // Returns once nothing is under way and nothing is due: each change waits for its back-off, or for the directory it
    // goes in, so nothing happens until the clock moves. The origin is mended only then: an attempt still under way could
    // fail after the clock was moved past every back-off, and its next one wait for a clock that moves no more.
    private static Task QuietAsync(HttpOrigin origin) =>
        JournalAsync(origin, rows => rows.All(r => r.State == JournalState.Pending
            && (r.NotBeforeUtc > origin.Clock.GetUtcNow() || rows.Any(d => d.Change == JournalChange.Directory && r.Path.IsUnder(d.Path) && r.Path != d.Path))),
            "every change waits for its back-off");

    // The journal's rows once they meet `until` (checked whenever the upload queue changes).
    private static async Task<IReadOnlyList<JournalEntry>> JournalAsync(HttpOrigin origin, Func<IReadOnlyList<JournalEntry>, bool> until, string what)
    {
        var journal = (ICacheJournal)origin.Store;
        var met = new TaskCompletionSource<IReadOnlyList<JournalEntry>>(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<List<JournalEntry>> ReadAsync()
        {
            var rows = new List<JournalEntry>();
            await foreach (var row in journal.ReadJournalAsync(VPath.Root)) rows.Add(row);
            return rows;
        }
        async Task CheckAsync()
        {
            try
            {
                if (await ReadAsync() is var rows && until(rows)) met.TrySetResult(rows);
            }
            catch (Exception ex)
            {
                met.TrySetException(ex);
            }
        }
        using (origin.Os.OnUploadQueueChanged(() => _ = CheckAsync()))
        {
            await CheckAsync();
            try
            {
                return await met.Task.WaitAsync(Bounded);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"never: {what}; the journal: {string.Join("; ", await ReadAsync())}");
                throw;
            }
        }
    }

    // The origin took one PUT of the path (answered it 201 or 204); any PUT after that was refused as a precondition
    // (the client had not heard of the first), so nothing was written twice.
    private static void TakenOnce(HttpOrigin origin, string path)
    {
        var puts = origin.Proxy.Answers(path).Where(a => a.StartsWith("PUT", StringComparison.Ordinal)).ToList();
        var taken = puts.FindIndex(a => a is "PUT 201" or "PUT 204");
        Assert.IsGreaterThanOrEqualTo(0, taken, $"{path}: {string.Join(", ", puts)}");
        Assert.IsTrue(puts.Skip(taken + 1).All(a => a == "PUT 412"), $"{path}: {string.Join(", ", puts)}");
    }

    private static List<(string State, string Change, string Path, string Reason)> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var m = QueueLine().Match(line);
            Assert.IsTrue(m.Success, $"not a queue line: {line}");
            return (m.Groups["state"].Value, m.Groups["change"].Value, m.Groups["path"].Value, m.Groups["reason"].Value);
        })];

    [GeneratedRegex(@"^(?<state>pending|uploading|failed|conflict) (?<change>write|mkdir|remove) (?<path>\S+)(?: \(attempt \d+\))?(?:: (?<reason>.*))?$")]
    private static partial Regex QueueLine();

    private static byte[] MakeBig()
    {
        var bytes = new byte[256 * 1024];
        new Random(14).NextBytes(bytes);
        return bytes;
    }
}
