using Namespace.Http.Server;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// <c>unmount</c> closes what <c>mount</c> opened once no namespace holds it, and nsh closes what is still mounted when it
/// exits: a long session that mounts and unmounts keeps the descriptors it had, and a database is one file afterwards.
/// </summary>
[TestClass]
public sealed class UnmountTests
{
    private const int Cycles = 40;
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task MountAndUnmount_ManyTimes_LeaveNshWithTheDescriptorsItHadBefore()
    {
        Directory.CreateDirectory(_dir.Combine("origin"));
        await File.WriteAllTextAsync(_dir.Combine("origin", "f"), "served\n");
        await using var server = await OriginServer.StartAsync(_dir.Combine("origin"), "127.0.0.1:0");
        // One cycle: a database written to, an HTTP origin read from, and a cache element over a directory that follows it.
        var cycle = $"mount -t db w.db /d; write /d/f x; unmount /d; " +
            $"mount -t http {server.Url} /h; cat /h/f; unmount /h; " +
            "mount -t local origin /o; mount -bC -o ttl=1h -t mem c /o; cat /o/f; unmount /o";
        var numbers = string.Join(' ', Enumerable.Range(1, Cycles));
        // /proc/self/fdinfo has a file per open descriptor of the process that lists it: nsh itself. The first cycle
        // loads and starts what stays for the process's life (assemblies, the HTTP stack), so counting starts after it.
        var script = $"mount -t local /proc /p; {cycle}; ls /p/self/fdinfo | wc -l; for(i in {numbers}) {{ {cycle} }}; ls /p/self/fdinfo | wc -l";

        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", script);

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        var counts = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.All(char.IsAsciiDigit)).Select(int.Parse).ToArray();
        Assert.AreEqual(2, counts.Length, result.Stdout);
        // A descriptor left open per cycle would add at least one per cycle (before unmount closed what mount opened, each
        // cycle left three); a few may still be closing when counted (a socket, a watcher's descriptor closed by its thread).
        Assert.IsTrue(counts[1] - counts[0] < Cycles / 4, $"descriptors before and after {Cycles} cycles: {counts[0]}, {counts[1]}");
    }

    [TestMethod]
    public async Task Exit_AfterAWrite_LeavesTheDatabaseOneFile_ThatACopyOfKeepsTheData()
    {
        var wrote = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db w.db /d; write /d/important x");
        Assert.AreEqual(0, wrote.ExitCode, wrote.Stderr);

        Assert.IsFalse(File.Exists(_dir.Combine("w.db-wal")), "nothing is left in a WAL");
        Directory.CreateDirectory(_dir.Combine("elsewhere"));
        File.Copy(_dir.Combine("w.db"), _dir.Combine("elsewhere", "w.db"));
        var read = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db elsewhere/w.db /d; cat /d/important");
        Assert.AreEqual(("x\n", ""), (read.Stdout, read.Stderr));
    }

    [TestMethod]
    public async Task Unmount_OfADatabase_LeavesItOneFile_WhileNshGoesOn()
    {
        // The copy is made by nsh itself (through a local mount) after the unmount and before it exits.
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c",
            "mount -t db w.db /d; write /d/important x; unmount /d; mount -t local . /h; cp /h/w.db /h/copy.db; test -e /h/w.db-wal && echo wal left");

        Assert.AreEqual(("", ""), (result.Stdout, result.Stderr));
        var read = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db copy.db /d; cat /d/important");
        Assert.AreEqual(("x\n", ""), (read.Stdout, read.Stderr));
    }
}
