using Namespace.Core.Errors;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Sqlite;
using Namespace.Testing;

namespace Namespace.Caching.Tests;

/// <summary>
/// A cache owns its storage: a database holding the user's own files, or mounted plainly beside the cache, can be a cache
/// element, and purge, eviction, the origin's "not found" and revalidation never take, change or serve the user's files,
/// even one at the same path as a copy. Real SQLite files throughout.
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

    // An earlier session wrote /notes.txt, and /a.txt (the name of one of the origin's files), into data.db through a plain mount.
    private async Task WriteNotesInAnEarlierSessionAsync()
    {
        var db = await OpenAsync();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/data", db);
        await os.WriteAllTextAsync("/data/notes.txt", "hi");
        await os.WriteAllTextAsync("/data/a.txt", "mine");
        await CloseAsync(db);
    }

    private async Task AssertNotesIntactAsync()
    {
        var db = await OpenAsync();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/data", db);
        Assert.AreEqual("hi", await os.ReadAllTextAsync("/data/notes.txt"));
        Assert.AreEqual("mine", await os.ReadAllTextAsync("/data/a.txt"));
        CollectionAssert.AreEqual(new[] { "a.txt", "notes.txt" }, await os.NamesAsync("/data"), "the user's files, and no copy");
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
    public async Task Mount_DatabaseHoldingTheUsersFiles_CachesBesideThem_AndPurgeLeavesThem()
    {
        await WriteNotesInAnEarlierSessionAsync();
        var (db, os) = await DataAndOriginAsync();

        await os.MountAsync("/o", db, CacheOptions());

        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"), "the origin's, never the user's file of the same path");
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.ReadAllTextAsync("/o/notes.txt").AsTask());
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
        Assert.AreEqual(1L, (await os.CacheStatusAsync())[0].Counters.Hits, "the copy is kept");
        Assert.AreEqual(1L, await os.PurgeAsync("/o"));
        await CloseAsync(db);
        await AssertNotesIntactAsync();
    }

    [TestMethod]
    public async Task Eviction_OfADatabaseHoldingTheUsersFiles_TakesOnlyCopies()
    {
        await WriteNotesInAnEarlierSessionAsync();
        var (db, os) = await DataAndOriginAsync();
        await os.MountAsync("/o", db, CacheOptions("maxentries=1"));

        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
        Assert.AreEqual("bravo, longer", await os.ReadAllTextAsync("/o/b.txt"));
        await os.SaveCacheStateAsync();

        var status = (await os.CacheStatusAsync())[0];
        Assert.AreEqual(1L, status.Counters.Evictions, "one copy evicted to keep maxentries=1");
        Assert.AreEqual(1L, status.Usage.Files, "the user's two files never count as copies");
        await CloseAsync(db);
        await AssertNotesIntactAsync();
    }

    [TestMethod]
    public async Task OriginNotFound_AndRevalidation_NeverTouchOrServeTheUsersFile()
    {
        await WriteNotesInAnEarlierSessionAsync();
        var db = await OpenAsync();
        var origin = Origin();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/o", origin);
        await os.MountAsync("/o", db, CacheOptions("ttl=0"));
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));

        await using (var change = await origin.OpenWriteAsync(Core.Paths.VPath.Parse("/a.txt"), Core.Providers.WriteMode.Replace))
            await change.WriteAsync("alpha, changed"u8.ToArray());
        Assert.AreEqual("alpha, changed", await os.ReadAllTextAsync("/o/a.txt"), "revalidated against the origin");
        await origin.DeleteAsync(Core.Paths.VPath.Parse("/a.txt"), recursive: false);
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.ReadAllTextAsync("/o/a.txt").AsTask());

        await CloseAsync(db);
        await AssertNotesIntactAsync();
    }

    [TestMethod]
    [DataRow("bind")]
    [DataRow("mount")]
    public async Task Database_MountedPlainlyAndAsACache_BothWork_AndThePlainMountShowsOnlyTheUsersFiles(string how)
    {
        // mount -t db c.db /cache; bind -bC /cache /o   and   mount -t db c.db /cache; mount -bC -t db c.db /o
        var (db, os) = await DataAndOriginAsync();
        await os.MountAsync("/cache", db);
        await os.WriteAllTextAsync("/cache/a.txt", "mine");
        if (how == "bind") await os.BindAsync("/cache", "/o", CacheOptions());
        else await os.MountAsync("/o", db, CacheOptions());

        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/o/a.txt"));
        await os.WriteAllTextAsync("/cache/later.txt", "written after the cache came");
        await os.SaveCacheStateAsync();

        CollectionAssert.AreEqual(new[] { "a.txt", "later.txt" }, await os.NamesAsync("/cache"));
        Assert.AreEqual("mine", await os.ReadAllTextAsync("/cache/a.txt"));
        Assert.AreEqual(1L, (await os.CacheStatusAsync())[0].Counters.Hits);
        Assert.AreEqual(1L, await os.PurgeAsync("/o"));
        CollectionAssert.AreEqual(new[] { "a.txt", "later.txt" }, await os.NamesAsync("/cache"));
    }

    [TestMethod]
    public async Task Bind_ADirectoryOfADatabaseMountedPlainly_IsACache_ThatKeepsItsCopiesApart()
    {
        // bind -bC /cache/web /web, with the database mounted plainly at /cache.
        var db = await OpenAsync();
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/web", Origin());
        await os.MountAsync("/cache", db);
        await os.CreateDirectoryAsync("/cache/web");
        await os.WriteAllTextAsync("/cache/web/notes.txt", "mine");

        await os.BindAsync("/cache/web", "/web", CacheOptions());
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/web/a.txt"));
        await os.SaveCacheStateAsync();

        CollectionAssert.AreEqual(new[] { "notes.txt" }, await os.NamesAsync("/cache/web"), "the copy is the cache's, not a file of the tree");
        Assert.AreEqual(1L, await os.PurgeAsync("/web"));
        Assert.AreEqual("mine", await os.ReadAllTextAsync("/cache/web/notes.txt"));
        Assert.AreEqual("alpha", await os.ReadAllTextAsync("/web/a.txt"), "and the cache goes on keeping copies");
    }

    [TestMethod]
    public async Task CacheDatabaseUsedAsACache_FillsWritesAndPurge_LeaveNoFileInItsTree()
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
            await os.MountAsync("/plain", db);
            CollectionAssert.AreEqual(Array.Empty<string>(), await os.NamesAsync("/plain"), $"session {session}: the copies are the cache's");
            await CloseAsync(db);
        }
    }
}
