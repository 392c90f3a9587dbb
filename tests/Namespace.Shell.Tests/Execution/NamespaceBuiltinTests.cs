using Namespace.Testing;

namespace Namespace.Shell.Tests.Execution;

/// <summary>mount, bind, unmount, ns, rfork through the real executor.</summary>
[TestClass]
public sealed class NamespaceBuiltinTests
{
    [TestMethod]
    public async Task Mount_MemAndLocal_UnionAndCreateRule()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("host.txt"), "from host");
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t mem root /; mount -t local . /u; mount -a -t mem extra /u")).AssertOk();
        Assert.AreEqual("host.txt\n", (await sh.RunAsync("ls /u")).AssertOk().Out);
        (await sh.RunAsync("write /u/new x")).AssertFails("nsh: write: /u/new: cannot create: union at /u has no create element (bind one with -c)\n");
        (await sh.RunAsync("unmount /u; mount -t local . /u; write /u/new x")).AssertOk();
        Assert.AreEqual("x\n", File.ReadAllText(dir.Combine("new")));
    }

    [TestMethod]
    public async Task Mount_Errors_AreOneLineWithUsage()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t nosuch x /y")).AssertFails("nsh: mount: unknown mount type 'nosuch' (known: local, mem)\nusage: mount [-b|-a] [-c] [-C] [-o k=v,...] -t TYPE SOURCE OLD [SPEC]\n");
        (await sh.RunAsync("mount -a -b -t mem x /y")).AssertFails("nsh: mount: -a and -b cannot be combined\nusage: mount [-b|-a] [-c] [-C] [-o k=v,...] -t TYPE SOURCE OLD [SPEC]\n");
        (await sh.RunAsync("mount -C -o ttl=banana -t mem x /y")).AssertFails("nsh: mount: invalid option ttl=banana: expected a duration like 30s, 10m, 1h or 2d\nusage: mount [-b|-a] [-c] [-C] [-o k=v,...] -t TYPE SOURCE OLD [SPEC]\n");
        (await sh.RunAsync("mount -o ttl=10m -t mem x /y")).AssertFails("nsh: mount: option ttl is for cache elements: add -C\nusage: mount [-b|-a] [-c] [-C] [-o k=v,...] -t TYPE SOURCE OLD [SPEC]\n");
        (await sh.RunAsync("mount -t local /definitely/not/here /y")).AssertFails("nsh: mount: /definitely/not/here: file not found\n");
        Assert.AreEqual("", (await sh.RunAsync("ns")).Out, "failed mounts leave the namespace as it was");
    }

    [TestMethod]
    public async Task Mount_SpecThatIsNoDirectoryOfTheSource_IsAUsageError()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("sub"));
        File.WriteAllText(dir.Combine("file"), "x");
        var sh = new ShellHarness(hostDirectory: dir.Path);
        const string usage = "usage: mount [-b|-a] [-c] [-C] [-o k=v,...] -t TYPE SOURCE OLD [SPEC]\n";
        (await sh.RunAsync("mount -t local . /x /nonexistent")).AssertFails("nsh: mount: SPEC /nonexistent: no such directory in the source\n" + usage);
        (await sh.RunAsync("mount -t local . /x /file")).AssertFails("nsh: mount: SPEC /file: not a directory in the source\n" + usage);
        Assert.AreEqual("", (await sh.RunAsync("ns")).Out, "nothing was mounted");
        (await sh.RunAsync("mount -t local . /x /sub")).AssertOk();
        StringAssert.EndsWith((await sh.RunAsync("ns")).AssertOk().Out, " /x /sub\n");
    }

    [TestMethod]
    public async Task Bind_SnapshotAndPositions()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem root /; mkdir /x /u; write /x/xf x; write /u/uf u; bind -a /x /u")).AssertOk();
        Assert.AreEqual("uf\nxf\n", (await sh.RunAsync("ls /u")).Out);
        (await sh.RunAsync("bind /missing /u")).AssertFails("nsh: bind: /missing: file not found\n");
        (await sh.RunAsync("bind /x")).AssertFails("nsh: bind: expected NEW OLD\nusage: bind [-b|-a] [-c] [-C] [-o k=v,...] NEW OLD\n");
        (await sh.RunAsync("unmount /x /u")).AssertOk();
        Assert.AreEqual("uf\n", (await sh.RunAsync("ls /u")).Out);
        (await sh.RunAsync("unmount /nowhere")).AssertFails("nsh: unmount: /nowhere: not a mount point\n");
    }

    [TestMethod]
    public async Task Ns_Output_ReplaysToIdenticalNs()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("sub dir"));
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t mem root /; mount -o ro -t local . /host; bind -bc '/host/sub dir' /w; mount -bC -o ttl=10m,stale=serve -t mem 'c''s' /host")).AssertOk();
        var ns = (await sh.RunAsync("ns")).AssertOk().Out;
        var replay = new ShellHarness(hostDirectory: dir.Path);
        (await replay.RunAsync(ns)).AssertOk();
        Assert.AreEqual(ns, (await replay.RunAsync("ns")).Out);
        StringAssert.Contains(ns, "mount -C -o 'ttl=10m,stale=serve' -t mem 'c''s' /host\n");
    }

    [TestMethod]
    public async Task Rfork_InSubshell_KeepsChangesPrivate()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem root /; @{ rfork n; mount -t mem private /p; ls / }")).AssertOk();
        Assert.AreEqual("", (await sh.RunAsync("ls /")).Out);
        (await sh.RunAsync("@{ mount -t mem shared /s }")).AssertOk();
        Assert.AreEqual("s/\n", (await sh.RunAsync("ls /")).Out, "without rfork a subshell shares the namespace");
        (await sh.RunAsync("rfork e")).AssertFails("nsh: rfork: only n (a private namespace) is supported\nusage: rfork [n]\n");
    }

    [TestMethod]
    public async Task Unavailable_Builtins_FailHonestly()
    {
        var sh = new ShellHarness();
        foreach (var name in new[] { "serve", "browse" })
        {
            var r = await sh.RunAsync(name);
            Assert.IsFalse(r.Success, name);
            StringAssert.StartsWith(r.Err, $"nsh: {name}: not available yet");
        }
    }

    [TestMethod]
    public async Task Watch_PrintsEventsUntilCancelled()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem root /; mkdir /w")).AssertOk();
        using var cts = new CancellationTokenSource();
        var output = new System.IO.Pipelines.Pipe();
        var io = new Namespace.Shell.Execution.ShellIO(Stream.Null, output.Writer.AsStream(), Stream.Null);
        var watching = sh.Session.RunAsync("watch /w", "test.rc", io, cts.Token);
        using var reader = new StreamReader(output.Reader.AsStream());
        // The watcher subscribes before it first waits; a write after that is seen.
        string? line = null;
        for (var i = 0; line is null && i < 100; i++)
        {
            await sh.Os.WriteAllTextAsync("/w/f" + i, "x");
            var read = reader.ReadLineAsync();
            if (await Task.WhenAny(read, Task.Delay(200)) == read) line = await read;
        }
        Assert.IsNotNull(line);
        StringAssert.Matches(line, new System.Text.RegularExpressions.Regex("^created /w/f\\d+$"));
        cts.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => watching);
    }
}
