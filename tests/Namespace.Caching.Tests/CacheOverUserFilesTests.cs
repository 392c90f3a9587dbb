using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Sqlite;
using Namespace.Testing;

namespace Namespace.Caching.Tests;

/// <summary>
/// A cache treats every clean file under its root as its own copy: a database holding the user's own files, or mounted
/// plainly beside the cache, is refused as a cache element, so purge and eviction never take the user's files.
/// Real SQLite files throughout.
/// </summary>
[TestClass]
public sealed class CacheOverUserFilesTests
{
    private readonly TempDirectory _dir = new();
    private readonly List<DbFileSystem> _open = [];

    [TestCleanup]
    public async Task Cleanup()
    {
        foreach (var db in _open) await db.DisposeAsync();
        _dir.Dispose();
    }

    private string DataFile => _dir.Combine("data.db");

    private async Task<DbFileSystem> OpenAsync()
    {
        var db = (await DbFileSystem.OpenAsync(DataFile)).FileSystem;
        _open.Add(db);
        return db;
    }

    private async Task CloseAsync(DbFileSystem db)
    {
        _open.Remove(db);
        await db.DisposeAsync();
    }

    private static MemoryFileSystem Origin() =>
        MemoryFileSystem.FromFiles("origin", [KeyValuePair.Create("/a.txt", "alpha"), KeyValuePair.Create("/b.txt", "bravo, longer")]);

    // An earlier session wrote /notes.txt into data.db through a plain mount.
    private async Task WriteNotesInAnEarlierSessionAsync()
    {
        var db = await OpenAsync();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/data", db);
        await os.WriteAllTextAsync("/data/notes.txt", "hi");
        await CloseAsync(db);
    }

    private async Task AssertNotesIntactAsync()
    {
        var db = await OpenAsync();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/data", db);
        Assert.AreEqual("hi", await os.ReadAllTextAsync("/data/notes.txt"));
        await CloseAsync(db);
    }

    // data.db open, and a namespace with the origin at /o (where a test then tries to mount data.db as its cache).
    private async Task<(DbFileSystem Db, VirtualOS Os)> DataAndOriginAsync()
    {
        var db = await OpenAsync();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/o", Origin());
        return (db, os);
    }

    private static BindOptions CacheOptions(string options = "ttl=10m") =>
        new(BindPosition.Before, Cache: true, Options: options.Split(',').Select(o => o.Split('=')).Select(p => KeyValuePair.Create(p[0], p[1])).ToList());

    [TestMethod]
    public async Task Mount_DatabaseHoldingTheUsersFiles_IsRefused_AndPurgeCannotTakeThem()
    {
        await WriteNotesInAnEarlierSessionAsync();
        var (db, os) = await DataAndOriginAsync();

        var e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => os.MountAsync("/o", db, CacheOptions()));

        Assert.AreEqual(
            $"/o: db:{DataFile} holds files written outside a cache (/notes.txt); its purge and eviction would remove them: " +
            "give the cache its own store, or an empty directory of this one", e.Message);
        Assert.AreEqual("mount -t mem origin /o\n", os.Ns(), "the namespace is unchanged");
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => os.PurgeAsync("/o").AsTask()); // no cache there to purge
        await CloseAsync(db);
        await AssertNotesIntactAsync();
    }

    [TestMethod]
    public async Task Mount_DatabaseHoldingTheUsersFiles_WithMaxsize_IsRefused_AndNothingIsEvicted()
    {
        await WriteNotesInAnEarlierSessionAsync();
        var (db, os) = await DataAndOriginAsync();

        await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => os.MountAsync("/o", db, CacheOptions("maxsize=1,purge=1s")));

        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
        await CloseAsync(db);
        await AssertNotesIntactAsync();
    }

    [TestMethod]
    public async Task Bind_DirectoryOfADatabase_OnlyItsOwnSubtreeCounts()
    {
        await WriteNotesInAnEarlierSessionAsync();
        var (db, os) = await DataAndOriginAsync();

        await os.MountAsync("/o", db, CacheOptions(), spec: "/cache");
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
        Assert.IsTrue(await os.PurgeAsync("/o") > 0, "the copy goes; the user's file beside the cache's directory stays (below)");

        await os.MountAsync("/p", MemoryFileSystem.FromFiles("another", [KeyValuePair.Create("/x", "x")]));
        var e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => os.MountAsync("/p", db, CacheOptions(), spec: "/"));
        StringAssert.Contains(e.Message, "holds files written outside a cache (/notes.txt)");
        await CloseAsync(db);
        await AssertNotesIntactAsync();
    }

    [TestMethod]
    public async Task Mount_PlainThenAsCache_SameDatabase_IsRefused()
    {
        var db = await OpenAsync();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/data", db);
        await os.MountAsync("/o", Origin());

        var e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => os.MountAsync("/o", db, CacheOptions()));

        Assert.AreEqual(
            $"/o: db:{DataFile} is also mounted at /data (not as a cache), and files written there would be purged and evicted as its copies; " +
            "give the cache its own store, or unmount /data", e.Message);
        Assert.AreEqual($"mount -t db {DataFile} /data\nmount -t mem origin /o\n", os.Ns());
    }

    [TestMethod]
    public async Task Mount_CacheThenPlain_SameDatabase_IsRefused()
    {
        var (db, os) = await DataAndOriginAsync();
        await os.MountAsync("/o", db, CacheOptions());
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
        var before = os.Ns();

        var e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => os.MountAsync("/data", db));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => os.MountAsync("/data", db, spec: "/sub"));

        Assert.AreEqual(
            $"/data: db:{DataFile} keeps the copies of the cache at /o, and files written here would be purged and evicted as copies; " +
            "mount another store, or a directory of this one the cache does not use", e.Message);
        Assert.AreEqual(before, os.Ns());
    }

    [TestMethod]
    public async Task Bind_ADirectoryOfADatabaseMountedPlainly_IsACache_AndThePlainMountShowsItsCopies()
    {
        // The issue's own example: bind -bC /cache/web /web, with the database mounted plainly at /cache.
        var db = await OpenAsync();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/web", Origin());
        await os.MountAsync("/cache", db);
        await os.CreateDirectoryAsync("/cache/web");

        await os.BindAsync("/cache/web", "/web", CacheOptions());
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/web/a.txt"));
        await os.SaveCacheStateAsync();

        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/cache/web/a.txt"), "the copy, seen through the plain mount");
        Assert.AreEqual(1L, await os.PurgeAsync("/web"), "the copy; not the cache's own directory");
        Assert.IsFalse(await os.ExistsAsync("/cache/web/a.txt"));
        Assert.IsTrue((await os.StatAsync("/cache/web"))?.IsDirectory, "the directory the user made for the cache stays");
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/web/a.txt"), "and the cache goes on keeping copies in it");
    }

    [TestMethod]
    public async Task Mount_CacheInADirectory_PlainElsewhereInTheSameDatabase_IsAccepted()
    {
        var (db, os) = await DataAndOriginAsync();
        await os.MountAsync("/o", db, CacheOptions(), spec: "/cache");

        await db.CreateDirectoryAsync(Core.Paths.VPath.Parse("/mine"));
        await os.MountAsync("/data", db, spec: "/mine");
        await os.WriteAllTextAsync("/data/notes.txt", "hi");
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
        await os.PurgeAsync("/o");

        Assert.AreEqual("hi", await os.ReadAllTextAsync("/data/notes.txt"));
    }

    [TestMethod]
    public async Task CacheDatabaseUsedAsACache_FillsWritesAndPurge_IsAcceptedOnRemount()
    {
        var origin = Origin();
        for (var session = 0; session < 3; session++)
        {
            var db = await OpenAsync();
            var os = new VirtualOS(new CacheLayer());
            await os.MountAsync("/o", origin, new BindOptions(Create: true));
            await os.MountAsync("/o", db, CacheOptions("ttl=10m,maxsize=1K"));

            Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
            await os.WriteAllTextAsync($"/o/written{session}.txt", "through the cache");
            await os.WriteAllTextAsync("/o/b.txt", "replaced through the cache");
            Assert.AreEqual("replaced through the cache", await os.ReadAllTextAsync("/o/b.txt"));
            if (session == 1) await os.PurgeAsync("/o/a.txt");
            await os.SaveCacheStateAsync();
            Assert.IsNull(await db.FindLocalFileAsync(Core.Paths.VPath.Root), $"session {session}: only the cache's copies");
            await CloseAsync(db);
        }
    }
}
