using Namespace.Testing;

namespace Namespace.Shell.Tests.Execution;

/// <summary>Cache elements from the shell: mount -C, ls -l's state column, status, purge, and the stale warning.</summary>
[TestClass]
public sealed class CacheBuiltinTests
{
    private const string Cached = "mount -t mem root /; mkdir /o; write /o/a alpha; write /o/b bravo; mount -t mem origin /web; cp /o/a /o/b /web; mount -bC -o ttl=10m -t mem cache /web";

    [TestMethod]
    public async Task LsL_ShowsWhatTheCacheHolds()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Cached)).AssertOk();
        (await sh.RunAsync("cat /web/a")).AssertOk();

        var lines = (await sh.RunAsync("ls -l /web")).AssertOk().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.AreEqual(2, lines.Length);
        StringAssert.Matches(lines[0], new System.Text.RegularExpressions.Regex(@"^-rw-r--r-- +6 \S+ fresh +a$"));
        StringAssert.Matches(lines[1], new System.Text.RegularExpressions.Regex(@"^-rw-r--r-- +6 \S+ - +b$"));
    }

    // Issue 19, item 18: every option in force is shown, and one given twice is refused.
    [TestMethod]
    public async Task Status_ShowsPurgeAndMaxageOfZero_AsGiven()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem origin /web; mount -bC -o purge=0,maxage=0,ttl=1h -t mem cache /web")).AssertOk();

        StringAssert.Contains((await sh.RunAsync("status")).AssertOk().Out, "  options ttl=1h,mode=writethrough,stale=serve,purge=0,maxage=0,policy=lru\n");
    }

    [TestMethod]
    public async Task Mount_AnOptionGivenTwice_IsRefused_AndTheNamespaceUnchanged()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem origin /web")).AssertOk();

        var refused = await sh.RunAsync("mount -bC -o ttl=1h,ttl=2h -t mem cache /web");

        Assert.AreNotEqual("", refused.Status);
        StringAssert.StartsWith(refused.Err, "nsh: mount: option ttl given twice (ttl=1h, ttl=2h)\n");

        Assert.IsFalse((await sh.RunAsync("ns")).AssertOk().Out.Contains("cache", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Status_ShowsEachCacheElementsFigures()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Cached + "; cat /web/a /web/a /web/b")).AssertOk();

        var status = (await sh.RunAsync("status")).AssertOk().Out;

        Assert.AreEqual(
            "uploads: none (no write-back cache elements)\n" +
            "cache /web: mem:cache caching mem:origin\n" +
            "  options ttl=10m,mode=writethrough,stale=serve,purge=0,maxage=0,policy=lru\n" +
            "  hits=1 misses=2 revalidations=0 evictions=0 errors=0\n" +
            "  files=2 bytes=12 fetched=12 served=6\n",
            status);
        (await sh.RunAsync("mount -bC -t mem other /o")).AssertOk();
        StringAssert.StartsWith((await sh.RunAsync("status /o/a")).AssertOk().Out, "uploads: none (no write-back cache elements)\ncache /o: mem:other caching mem:root/o\n");
        Assert.IsFalse((await sh.RunAsync("status /o")).Out.Contains("cache /web"), "only the caches serving the path");
        (await sh.RunAsync("status /a /b")).AssertFails("nsh: status: at most one path\nusage: status [path]\n");
    }

    [TestMethod]
    public async Task Status_WithoutCaches_SaysSo()
    {
        var sh = new ShellHarness();
        Assert.AreEqual("uploads: none (no write-back cache elements)\ncaches: none\n", (await sh.RunAsync("status")).AssertOk().Out);
    }

    [TestMethod]
    public async Task Purge_DropsCleanCopies_AndSaysHowMany()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Cached + "; cat /web/a /web/b")).AssertOk();

        Assert.AreEqual("purged 1 cached entry under /web/a\n", (await sh.RunAsync("purge /web/a")).AssertOk().Out);
        Assert.AreEqual("purged 0 cached entries under /web\n", (await sh.RunAsync("purge -a 1h /web")).AssertOk().Out, "nothing is an hour old");
        StringAssert.Contains((await sh.RunAsync("ls -l /web")).Out, " -         a\n");
        (await sh.RunAsync("purge -a soon")).AssertFails("nsh: purge: invalid age 'soon': expected a duration like 30s, 10m, 1h or 2d\nusage: purge [-a age] [path]\n");
        (await sh.RunAsync("purge /a /b")).AssertFails("nsh: purge: at most one path\nusage: purge [-a age] [path]\n");
    }

    [TestMethod]
    public async Task Purge_OfAPathNoCacheServes_FailsAndSaysSo()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync(Cached + "; cat /web/a")).AssertOk();

        // A typo must not look like a purge that found nothing to drop.
        (await sh.RunAsync("purge /wbe")).AssertFails("nsh: purge: /wbe: no cache element at or below this path\n");
        (await sh.RunAsync("purge /o")).AssertFails("nsh: purge: /o: no cache element at or below this path\n");
        Assert.AreEqual("purged 0 cached entries under /web/nothing\n", (await sh.RunAsync("purge /web/nothing")).AssertOk().Out, "a path a cache serves, holding nothing");
        StringAssert.Contains((await sh.RunAsync("ls -l /web")).Out, " fresh     a\n", "the copy is still there");
    }

    [TestMethod]
    public async Task CacheBoundBelowAStoresRoot_CountsAndLimitsOnlyItsOwnCopies()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem origin /web; write /web/a alpha; write /web/b bravo; " +
            "mount -t mem store /s; mkdir /s/web; write /s/kept 'not the cache''s, and more than its maxsize'; bind -bC -o maxsize=12 /s/web /web")).AssertOk();

        (await sh.RunAsync("cat /web/a /web/b")).AssertOk();

        StringAssert.Contains((await sh.RunAsync("status /web")).AssertOk().Out,
            "  hits=0 misses=2 revalidations=0 evictions=0 errors=0\n  files=2 bytes=12 fetched=12 served=0\n",
            "its own two copies, within maxsize; not the store's other file");
        StringAssert.Contains((await sh.RunAsync("cat /web/a; status /web")).AssertOk().Out, "  hits=1 misses=2 ", "the copies are kept");
        Assert.AreEqual("", (await sh.RunAsync("ls /s/web")).AssertOk().Out, "kept by the cache, not as files of the memfs");
    }

    [TestMethod]
    public async Task CacheElement_ThatIsAFile_IsRefused()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem origin /web; write /web/a alpha; mount -t mem store /s; write /s/f x")).AssertOk();

        (await sh.RunAsync("bind -bC /s/f /web")).AssertFails("nsh: bind: /web: mem:store/f cannot be a cache element: it is a file, not a directory\n");
        (await sh.RunAsync("mount -bC -t mem store /web /f")).AssertFails("nsh: mount: /web: mem:store/f cannot be a cache element: it is a file, not a directory\n");
        Assert.AreEqual("mount -t mem origin /web\nmount -t mem store /s\n", (await sh.RunAsync("ns")).Out, "refused binds change nothing");
        (await sh.RunAsync("bind -bC /s/new /web")).AssertFails("nsh: bind: /s/new: file not found\n");
    }

    [TestMethod]
    public async Task OneStore_CachingTwoOrigins_InTheSamePlace_IsRefused()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem one /a; write /a/x one; mount -t mem two /b; write /b/x two; mount -bC -t mem cache /a /for-a")).AssertOk();

        foreach (var place in new[] { "/for-a", "/for-a/sub", "/" })
        {
            (await sh.RunAsync($"mount -bC -t mem cache /b {place}")).AssertFails(
                "nsh: mount: /b: mem:cache already keeps the copies of mem:one at /a there; give each origin its own cache (another store, or a SPEC)\n");
        }
        Assert.AreEqual("one\n", (await sh.RunAsync("cat /a/x")).AssertOk().Out);
        Assert.AreEqual("two\n", (await sh.RunAsync("cat /b/x")).AssertOk().Out, "never the other origin's copy");

        (await sh.RunAsync("mount -bC -t mem cache /b /for-b; bind /a /alias; mkdir /a/d; bind /a/d /d")).AssertOk();
        Assert.AreEqual("two\n", (await sh.RunAsync("cat /b/x")).AssertOk().Out, "apart, in their own directories");
        Assert.AreEqual("one\n", (await sh.RunAsync("cat /alias/x")).AssertOk().Out, "the same origin seen at two places shares its cache");
    }

    [TestMethod]
    public async Task AppendThroughACache_ServesTheWholeFile_NeverOnlyTheAppendedBytes()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem origin /web; echo alpha > /web/a; mount -bC -o ttl=1h -t mem cache /web; cat /web/a; echo more >> /web/a")).AssertOk();

        Assert.AreEqual("alpha\nmore\n", (await sh.RunAsync("cat /web/a")).AssertOk().Out);
        Assert.AreEqual("alpha\nmore\n", (await sh.RunAsync("cat /web/a")).AssertOk().Out, "and again, from the copy if one is kept");
    }

    [TestMethod]
    public async Task MemStore_AlsoMountedPlainly_KeepsTheUsersFilesApartFromTheCachesCopies()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem origin /web; write /web/a alpha; write /web/b bravo; mount -t mem store /s")).AssertOk();

        // The cache keeps its copies in structures of its own: the memfs's files are the user's, whichever comes first.
        (await sh.RunAsync("mount -bC -o maxentries=1 -t mem store /web; cat /web/a; write /s/a mine")).AssertOk();
        Assert.AreEqual("alpha\n", (await sh.RunAsync("cat /web/a")).AssertOk().Out, "the copy, never the user's file of the same name");
        Assert.AreEqual("mine\n", (await sh.RunAsync("cat /s/a")).AssertOk().Out);
        (await sh.RunAsync("cat /web/b; purge /web; rm /web/a")).AssertOk();
        Assert.AreEqual("a\n", (await sh.RunAsync("ls /s")).AssertOk().Out, "eviction, purge and the origin's remove left the user's file");
        Assert.AreEqual("mine\n", (await sh.RunAsync("cat /s/a")).AssertOk().Out);
        (await sh.RunAsync("cat /web/a")).AssertFails("nsh: cat: /web/a: file not found\n");
        (await sh.RunAsync("unmount /s; mount -t mem store /s; cat /s/a")).AssertOk();
    }

    [TestMethod]
    public async Task MemStore_DirectoryHoldingUsersFiles_CachesWithoutServingOrDroppingThem()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem origin /web; write /web/a alpha; mount -t mem store /s; mkdir /s/copies; write /s/copies/notes.txt mine")).AssertOk();

        (await sh.RunAsync("bind -bC /s/copies /web")).AssertOk();
        Assert.AreEqual("alpha\n", (await sh.RunAsync("cat /web/a")).AssertOk().Out);
        (await sh.RunAsync("cat /web/notes.txt")).AssertFails("nsh: cat: /web/notes.txt: file not found\n");
        Assert.AreEqual("purged 1 cached entry under /web\n", (await sh.RunAsync("purge /web")).AssertOk().Out);
        Assert.AreEqual("mine\n", (await sh.RunAsync("cat /s/copies/notes.txt")).AssertOk().Out);
    }

    [TestMethod]
    public async Task MountAndPurge_DurationTooLongForATimeSpan_IsABadValueNotAnInternalError()
    {
        var sh = new ShellHarness();
        (await sh.RunAsync("mount -t mem root /; mount -t mem origin /web")).AssertOk();

        (await sh.RunAsync("mount -bC -o ttl=20000000d -t mem c /web")).AssertFails(
            "nsh: mount: invalid option ttl=20000000d: expected a duration like 30s, 10m, 1h or 2d\nusage: mount [-b|-a] [-c] [-C] [-o k=v,...] -t TYPE SOURCE OLD [SPEC]\n");
        (await sh.RunAsync("purge -a 20000000d /web")).AssertFails(
            "nsh: purge: invalid age '20000000d': expected a duration like 30s, 10m, 1h or 2d\nusage: purge [-a age] [path]\n");
        Assert.AreEqual("mount -t mem root /\nmount -t mem origin /web\n", (await sh.RunAsync("ns")).Out);
    }

    [TestMethod]
    public async Task Mount_RefusesCacheElementsThatCannotBe()
    {
        using var dir = new TempDirectory();
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t mem root /; mount -t mem origin /web")).AssertOk();

        (await sh.RunAsync("mount -bC -t local . /web")).AssertFails($"nsh: mount: /web: local:{dir.Path} cannot be a cache element (cache in a db or mem provider)\n");
        (await sh.RunAsync("mount -o ro -t mem archive /ro")).AssertOk();
        (await sh.RunAsync("mount -bC -o mode=writeback -t mem c /ro")).AssertFails("nsh: mount: /ro: mode=writeback needs a writable origin to upload to: mem:archive takes no writes\n");
        Assert.AreEqual("mount -t mem root /\nmount -t mem origin /web\nmount -o ro -t mem archive /ro\n", (await sh.RunAsync("ns")).Out, "refused mounts change nothing");
    }
}
