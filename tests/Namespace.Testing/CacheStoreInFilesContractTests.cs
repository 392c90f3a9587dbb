using System.Text;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>
/// What a store that keeps a cache's copies as files of its own tree (dbfs, until its cache tables land) must show
/// besides <see cref="CacheStoreContractTests"/>: its own writes, removes and renames keep records and listings in step,
/// and files written outside a cache are found. The store must also be an <see cref="IFileProvider"/>.
/// </summary>
public abstract class CacheStoreInFilesContractTests : CacheStoreContractTests
{
    protected static IFileProvider Files(ICacheStore store) => (IFileProvider)store;

    protected static async Task WriteLocallyAsync(ICacheStore store, string path, string text)
    {
        await using var stream = await Files(store).OpenWriteAsync(P(path), WriteMode.Replace);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    [TestMethod]
    public async Task OpenCached_ContentWrittenLocally_HasARecordToo()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/d/f.txt", "hello");
        await WriteLocallyAsync(store, "/d/local.txt", "made here");

        var local = await store.OpenCachedAsync(P("/d/local.txt"));
        Assert.IsNotNull(local, "content written locally has a record too");
        await local.Content.DisposeAsync();
        Assert.IsNull(local.Record.ValidatedUtc);
    }

    [TestMethod]
    public async Task OpenFill_Watched_ReportsMadeParentsAndTheFile()
    {
        var store = await CreateStoreAsync();
        var events = new System.Collections.Concurrent.ConcurrentQueue<ChangeEvent>();
        using var arrived = new SemaphoreSlim(0);
        using var subscription = Files(store).Subscribe(VPath.Root, e =>
        {
            events.Enqueue(e);
            arrived.Release();
        });

        await FillAsync(store, "/n/f", "x");

        for (var i = 0; i < 2; i++) Assert.IsTrue(await arrived.WaitAsync(TimeSpan.FromSeconds(20)), "no change event");
        CollectionAssert.AreEqual(
            new[] { new ChangeEvent(ChangeKind.Created, P("/n")), new ChangeEvent(ChangeKind.Created, P("/n/f")) },
            events.ToArray());
    }

    // Content made through the provider's own write path has a record too: never validated, not dirty.
    [TestMethod]
    public async Task LocalWrite_NewFile_HasRecordNeverValidatedAndClean()
    {
        var store = await CreateStoreAsync();
        await Files(store).CreateDirectoryAsync(P("/d"));

        await WriteLocallyAsync(store, "/d/f", "local");

        var record = (await store.GetRecordAsync(P("/d/f")))!;
        Assert.AreEqual(EntryKind.File, record.Kind);
        Assert.AreEqual(5L, record.Size);
        Assert.IsNull(record.ValidatedUtc);
        Assert.IsNull(record.OriginETag);
        Assert.IsFalse(record.Dirty);
        Assert.AreEqual(0L, record.AccessCount);
        var dir = (await store.GetRecordAsync(P("/d")))!;
        Assert.AreEqual(EntryKind.Directory, dir.Kind);
        Assert.IsNull(dir.ValidatedUtc);
    }

    [TestMethod]
    public async Task LocalWrite_OverFilledFile_ClearsValidationKeepsOriginBase()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "origin", Fetched(6, "\"base\""));

        await WriteLocallyAsync(store, "/f", "local!!");

        var record = (await store.GetRecordAsync(P("/f")))!;
        Assert.AreEqual(7L, record.Size);
        Assert.IsNull(record.ValidatedUtc, "the content is no longer the origin's");
        Assert.AreEqual("\"base\"", record.OriginETag, "the origin version the change was based on");
        Assert.IsFalse(record.Dirty);
    }

    [TestMethod]
    public async Task LocalWrite_OverDirtyFile_StaysDirty()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "v1", Fetched(2, "\"base\"", dirty: true));

        await WriteLocallyAsync(store, "/f", "v2");

        Assert.IsTrue((await store.GetRecordAsync(P("/f")))!.Dirty, "a write never loses the fact that changes await upload");
    }

    // ---- files no cache put there ----

    [TestMethod]
    public async Task FindLocalFile_OnlyCopiesDirtyCopiesAndDirectories_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/web/a", "alpha");
        await FillAsync(store, "/web/b", "bravo", Fetched(5, dirty: true) with { ValidatedUtc = null });
        await FillAsync(store, "/web/c", "charlie", Fetched(7, validated: DateTimeOffset.MinValue));
        await store.SetRecordAsync(P("/web/d"), Dir());
        await Files(store).CreateDirectoryAsync(P("/empty"));

        Assert.IsNull(await store.FindLocalFileAsync(P("/")));
        Assert.IsNull(await store.FindLocalFileAsync(P("/web")));
        Assert.IsNull(await store.FindLocalFileAsync(P("/web/a")));
        Assert.IsNull(await store.FindLocalFileAsync(P("/nothing/here")));
    }

    [TestMethod]
    public async Task FindLocalFile_FileWrittenLocally_IsFoundAtAndAboveIt_NotBesideIt()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/web/a", "alpha");
        await Files(store).CreateDirectoryAsync(P("/web/docs"));
        await WriteLocallyAsync(store, "/web/docs/notes.txt", "mine");
        await Files(store).CreateDirectoryAsync(P("/web-old"));
        await WriteLocallyAsync(store, "/web-old/z", "mine too");

        Assert.AreEqual(P("/web/docs/notes.txt"), await store.FindLocalFileAsync(P("/web")));
        Assert.AreEqual(P("/web/docs/notes.txt"), await store.FindLocalFileAsync(P("/web/docs")));
        Assert.AreEqual(P("/web/docs/notes.txt"), await store.FindLocalFileAsync(P("/web/docs/notes.txt")));
        Assert.AreEqual(P("/web-old/z"), await store.FindLocalFileAsync(P("/web-old")));
        Assert.IsNotNull(await store.FindLocalFileAsync(P("/")));
        Assert.IsNull(await store.FindLocalFileAsync(P("/web/a")));
        Assert.IsNull(await store.FindLocalFileAsync(P("/we")), "a name that only starts the same is not below it");
    }

    [TestMethod]
    public async Task FindLocalFile_LocalWriteOverACopy_IsFound_UntilACacheValidatesIt()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "origin");

        await WriteLocallyAsync(store, "/f", "local");
        Assert.AreEqual(P("/f"), await store.FindLocalFileAsync(P("/")), "its content is no longer the origin's copy");

        await store.SetRecordAsync(P("/f"), (await store.GetRecordAsync(P("/f")))! with { ValidatedUtc = T0 });
        Assert.IsNull(await store.FindLocalFileAsync(P("/")));
    }

    // ---- revalidation ----

    [TestMethod]
    public async Task Delete_ThroughProvider_DropsRecordsAndListingsBelow()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/a/b/f", "x");
        await store.SetListingAsync(P("/a"), new CacheListing(T0, [Entry("b", EntryKind.Directory)]));
        await store.SetListingAsync(P("/a/b"), new CacheListing(T0, [Entry("f")]));
        await store.SetListingAsync(P("/ab"), new CacheListing(T0, [Entry("f")]));

        await Files(store).DeleteAsync(P("/a"), recursive: true);

        Assert.IsNull(await store.GetRecordAsync(P("/a/b/f")));
        Assert.IsNull(await store.GetRecordAsync(P("/a")));
        Assert.IsNull(await store.GetListingAsync(P("/a")));
        Assert.IsNull(await store.GetListingAsync(P("/a/b")));
        Assert.IsNotNull(await store.GetListingAsync(P("/ab")));
        await FillAsync(store, "/a/b/f", "again");
        Assert.AreEqual(0L, (await store.GetRecordAsync(P("/a/b/f")))!.AccessCount);
    }

    [TestMethod]
    public async Task Move_ThroughProvider_MovesRecordsAndListings()
    {
        var store = await CreateStoreAsync();
        var record = Fetched(1, "\"moved\"", T0.AddMinutes(3));
        await FillAsync(store, "/a/b/f", "x", record);
        await store.SetListingAsync(P("/a"), new CacheListing(T0, [Entry("b", EntryKind.Directory)]));
        await store.SetListingAsync(P("/a/b"), new CacheListing(T0, [Entry("f")]));
        await store.SetListingAsync(P("/z"), new CacheListing(T0, [Entry("stale")]));

        await Files(store).MoveAsync(P("/a"), P("/z"));

        Assert.AreEqual(record, await store.GetRecordAsync(P("/z/b/f")));
        Assert.IsNull(await store.GetRecordAsync(P("/a/b/f")));
        AssertSameEntries([Entry("f")], (await store.GetListingAsync(P("/z/b")))!.Entries);
        AssertSameEntries([Entry("b", EntryKind.Directory)], (await store.GetListingAsync(P("/z")))!.Entries);
        Assert.IsNull(await store.GetListingAsync(P("/a")));
        Assert.IsNull(await store.GetListingAsync(P("/a/b")));
    }

    // ---- scan and measure ----
}
