namespace Namespace.Shell.Tests.Execution;

/// <summary><c>flush</c>, <c>status</c> and <c>resolve</c> over a write-back element, as a user types them.</summary>
[TestClass]
public sealed class WriteBackBuiltinTests
{
    // /o is the origin behind a write-back cache; /raw is the same origin seen without it (another client).
    private const string Setup = """
        mount -t mem root /
        mount -t mem origin /o
        bind /o /raw
        write /raw/f.txt base
        mount -bC -o mode=writeback,delay=1h -t mem c /o
        """;

    [TestMethod]
    public async Task Status_ShowsWhatWaits_AndFlushSendsIt()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Setup)).AssertOk();
        (await sh.RunAsync("write /o/new.txt hello; mkdir /o/d")).AssertOk();

        var status = await sh.RunAsync("status /o");
        StringAssert.Contains(status.Out, "uploads: 2 pending, 0 uploading, 0 failed, 0 conflicts\n");
        StringAssert.Contains(status.Out, "pending write /o/new.txt\n");
        StringAssert.Contains(status.Out, "pending mkdir /o/d\n");
        Assert.AreEqual("", (await sh.RunAsync("cat /raw/new.txt")).Out, "not uploaded before flush");

        (await sh.RunAsync("flush /o")).AssertOk();

        Assert.AreEqual("hello\n", (await sh.RunAsync("cat /raw/new.txt")).Out);
        StringAssert.Contains((await sh.RunAsync("status")).Out, "uploads: none\n");
    }

    [TestMethod]
    public async Task Flush_AtATerminal_ShowsWhatIsLeftOnStderr_ThenClearsTheLine()
    {
        var sh = new ShellHarness { ErrorIsTerminal = true };
        (await sh.RunAsync(Setup)).AssertOk();
        (await sh.RunAsync("write /o/a.txt a; write /o/b.txt b")).AssertOk();

        var flush = await sh.RunAsync("flush /o");

        Assert.IsTrue(flush.Success, flush.Err);
        StringAssert.StartsWith(flush.Err, "\rflush: 2 changes to upload", "what is left, at once");
        StringAssert.EndsWith(flush.Err, "\r\u001b[K", "the line is cleared at the end");
        Assert.AreEqual("", flush.Out);
    }

    [TestMethod]
    public async Task Flush_NotAtATerminal_ShowsNoProgress()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Setup)).AssertOk();
        (await sh.RunAsync("write /o/a.txt a")).AssertOk();

        (await sh.RunAsync("flush /o")).AssertOk();
    }

    [TestMethod]
    public async Task AConflict_FailsFlush_ShowsInStatus_AndResolveKeepsLocal()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Setup)).AssertOk();
        Assert.AreEqual("base\n", (await sh.RunAsync("cat /o/f.txt")).Out);
        (await sh.RunAsync("write /o/f.txt mine; write /raw/f.txt theirs")).AssertOk();

        var flush = await sh.RunAsync("flush /o");

        flush.AssertFails("nsh: flush: 1 change could not be uploaded (resolve conflicts with resolve; see status)\n");
        Assert.AreEqual("conflict write /o/f.txt: changed at the origin since this change was made\n", flush.Out);
        StringAssert.Contains((await sh.RunAsync("status /o")).Out, "uploads: 0 pending, 0 uploading, 0 failed, 1 conflicts\n");
        Assert.AreEqual("theirs\n", (await sh.RunAsync("cat /raw/f.txt")).Out, "nothing overwritten");
        Assert.AreEqual("mine\n", (await sh.RunAsync("cat /o/f.txt")).Out, "nothing dropped");

        (await sh.RunAsync("resolve --keep-local /o/f.txt; flush /o")).AssertOk();

        Assert.AreEqual("mine\n", (await sh.RunAsync("cat /raw/f.txt")).Out);
    }

    [TestMethod]
    public async Task ResolveKeepingRemote_GivesTheLocalChangeUp()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Setup)).AssertOk();
        Assert.AreEqual("base\n", (await sh.RunAsync("cat /o/f.txt")).Out);
        (await sh.RunAsync("write /o/f.txt mine; write /raw/f.txt theirs")).AssertOk();
        Assert.IsFalse((await sh.RunAsync("flush /o")).Success);

        (await sh.RunAsync("resolve --keep-remote /o/f.txt; flush /o")).AssertOk();

        Assert.AreEqual("theirs\n", (await sh.RunAsync("cat /o/f.txt")).Out);
    }

    [TestMethod]
    public async Task Resolve_BadUse_SaysWhatIsWrong()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Setup)).AssertOk();

        (await sh.RunAsync("resolve /o/f.txt")).AssertFails("nsh: resolve: say which side to keep: --keep-local or --keep-remote\nusage: resolve --keep-local|--keep-remote path\n");
        (await sh.RunAsync("resolve --keep-local --keep-remote /o/f.txt")).AssertFails("nsh: resolve: give one of --keep-local and --keep-remote\nusage: resolve --keep-local|--keep-remote path\n");
        (await sh.RunAsync("resolve --keep-local /o/f.txt")).AssertFails("nsh: resolve: /o/f.txt: no local change waits here to be resolved\n");
    }

    [TestMethod]
    public async Task Flush_WithATimeout_GivesUpAndSaysWhatIsLeft()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Setup.Replace("delay=1h", "delay=0", StringComparison.Ordinal) + "\nunmount /raw")).AssertOk();
        (await sh.RunAsync("flush -t x /o")).AssertFails("nsh: flush: invalid timeout 'x': expected a duration like 30s, 10m or 1h\nusage: flush [-t timeout] [path]\n");
        (await sh.RunAsync("flush -t 5s /o")).AssertOk();
    }
}
