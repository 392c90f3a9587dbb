using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// The review's repro, end to end in nsh on a real SQLite file: a database holding the user's own files is refused as a
/// cache element, so <c>purge</c> and eviction never take them.
/// </summary>
[TestClass]
public sealed class CacheOverUserFilesTests
{
    private TempDirectory _dir = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = new TempDirectory();
        Directory.CreateDirectory(_dir.Combine("origin"));
        File.WriteAllText(_dir.Combine("origin", "a.txt"), "from the origin\n");
    }

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private Task<NshProcess.Result> NshAsync(string script) => NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", script);

    private string Refusal => $"nsh: mount: /o: db:{_dir.Combine("data.db")} holds files written outside a cache (/notes.txt); " +
        "its purge and eviction would remove them: give the cache its own store, or an empty directory of this one\n";

    [TestMethod]
    [DataRow("purge /o")]
    [DataRow("cat /o/a.txt")]
    public async Task DatabaseWithTheUsersFiles_MountedAsACache_IsRefused_AndTheFileSurvives(string then)
    {
        var write = await NshAsync("mount -t db data.db /data; echo hi > /data/notes.txt");
        Assert.AreEqual(0, write.ExitCode, write.Stderr);

        var mount = await NshAsync("mount -t local origin /o; mount -bC -o maxsize=1 -t db data.db /o");
        Assert.AreEqual(Refusal, mount.Stderr);
        Assert.AreNotEqual(0, mount.ExitCode);

        var purge = await NshAsync($"mount -t local origin /o; mount -bC -o maxsize=1 -t db data.db /o; {then}");
        // The refused mount left no cache: there is nothing for purge to drop, and it says so.
        Assert.AreEqual(then.StartsWith("purge", StringComparison.Ordinal) ? Refusal + "nsh: purge: /o: no cache element at or below this path\n" : Refusal, purge.Stderr);

        var read = await NshAsync("mount -t db data.db /data; cat /data/notes.txt");
        Assert.AreEqual("hi\n", read.Stdout, read.Stderr);
    }

    [TestMethod]
    public async Task SameDatabase_PlainAndAsACache_InOneSession_IsRefused()
    {
        var result = await NshAsync("mount -t db data.db /data; echo hi > /data/notes.txt; mount -t local origin /o; mount -bC -t db data.db /o; purge /o; cat /data/notes.txt");

        Assert.AreEqual(Refusal + "nsh: purge: /o: no cache element at or below this path\n", result.Stderr);
        Assert.AreEqual("hi\n", result.Stdout);
    }

    [TestMethod]
    public async Task CacheDatabase_UsedAsACache_IsAcceptedAgainInTheNextSession()
    {
        const string Mounts = "mount -c -t local origin /o; mount -bC -o ttl=10m -t db cache.db /o";
        var first = await NshAsync($"{Mounts}; cat /o/a.txt; echo written > /o/new.txt; purge /o/a.txt; cat /o/a.txt");
        Assert.AreEqual("from the origin\npurged 1 cached entry under /o/a.txt\nfrom the origin\n", first.Stdout, first.Stderr);

        var second = await NshAsync($"{Mounts}; cat /o/a.txt /o/new.txt; purge /o");
        Assert.AreEqual(0, second.ExitCode, second.Stderr);
        Assert.AreEqual("from the origin\nwritten\npurged 2 cached entries under /o\n", second.Stdout);
        Assert.AreEqual("written\n", File.ReadAllText(_dir.Combine("origin", "new.txt")));
    }
}
