using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// The review's repro, end to end in nsh on a real SQLite file: a cache owns its storage, so a database holding the
/// user's own files can be a cache element, and <c>purge</c> and eviction never take them, nor serve them as copies.
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
        File.WriteAllText(_dir.Combine("origin", "b.txt"), "b from the origin\n");
    }

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    private Task<NshProcess.Result> NshAsync(string script) => NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", script);

    [TestMethod]
    [DataRow("purge /o", "purged 0 cached entries under /o\n")] // evicted already: maxsize=1
    [DataRow("cat /o/b.txt", "b from the origin\n")]
    public async Task DatabaseWithTheUsersFiles_MountedAsACache_CachesBesideThem_AndTheirFilesSurvive(string then, string output)
    {
        var write = await NshAsync("mount -t db data.db /data; echo hi > /data/notes.txt; echo mine > /data/a.txt");
        Assert.AreEqual(0, write.ExitCode, write.Stderr);

        // maxsize=1: every copy is over the limit, so eviction runs after each fill.
        var cached = await NshAsync($"mount -t local origin /o; mount -bC -o maxsize=1 -t db data.db /o; cat /o/a.txt; {then}");
        Assert.AreEqual("", cached.Stderr);
        Assert.AreEqual("from the origin\n" + output, cached.Stdout, "the origin's a.txt, never the user's");

        var read = await NshAsync("mount -t db data.db /data; cat /data/notes.txt /data/a.txt; ls /data");
        Assert.AreEqual("hi\nmine\na.txt\nnotes.txt\n", read.Stdout, read.Stderr);
    }

    [TestMethod]
    [DataRow("bind -bC /cache /o")]
    [DataRow("mount -bC -t db c.db /o")]
    public async Task SameDatabase_PlainAndAsACache_InOneSession_BothWork(string cache)
    {
        var result = await NshAsync($"mount -t db c.db /cache; echo mine > /cache/a.txt; mount -t local origin /o; {cache}; " +
            "cat /o/a.txt; cat /o/a.txt; echo later > /cache/later.txt; ls /cache; purge /o; cat /cache/a.txt");

        Assert.AreEqual("", result.Stderr);
        Assert.AreEqual("from the origin\nfrom the origin\na.txt\nlater.txt\npurged 1 cached entry under /o\nmine\n", result.Stdout);
        Assert.AreEqual(0, result.ExitCode);
    }

    [TestMethod]
    public async Task CacheDatabase_UsedAsACache_IsAcceptedAgainInTheNextSession()
    {
        const string mounts = "mount -c -t local origin /o; mount -bC -o ttl=10m -t db cache.db /o";
        var first = await NshAsync($"{mounts}; cat /o/a.txt; echo written > /o/new.txt; purge /o/a.txt; cat /o/a.txt");
        Assert.AreEqual("from the origin\npurged 1 cached entry under /o/a.txt\nfrom the origin\n", first.Stdout, first.Stderr);

        var second = await NshAsync($"{mounts}; cat /o/a.txt /o/new.txt; purge /o");
        Assert.AreEqual(0, second.ExitCode, second.Stderr);
        Assert.AreEqual("from the origin\nwritten\npurged 2 cached entries under /o\n", second.Stdout);
        Assert.AreEqual("written\n", File.ReadAllText(_dir.Combine("origin", "new.txt")));
    }
}
