using System.Text;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>
/// What a store that is also a file system (dbfs) must show besides <see cref="CacheIndexContractTests"/> and <see cref="CacheContentContractTests"/>: the cache owns
/// its storage. Its copies are never files of the tree, and the tree's files are never copies: a fill, a drop, an eviction
/// leave the user's files as they are, and the user's writes, removes and renames leave the copies as they are, also at
/// the same path. The store must also be an <see cref="IFileProvider"/>.
/// </summary>
public abstract class CacheStoreBesideFilesContractTests : CacheStoreContractBase
{
    protected static IFileProvider Files(ICacheStore store) => (IFileProvider)store;

    protected static async Task WriteLocallyAsync(ICacheStore store, string path, string text)
    {
        var parents = new Stack<VPath>();
        for (var dir = P(path).Parent; !dir.IsRoot; dir = dir.Parent) parents.Push(dir);
        foreach (var dir in parents)
        {
            if (await Files(store).StatAsync(dir) is null) await Files(store).CreateDirectoryAsync(dir);
        }
        await using var stream = await Files(store).OpenWriteAsync(P(path), WriteMode.Replace);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    private static async Task<string> ReadFileAsync(ICacheStore store, string path)
    {
        await using var stream = await Files(store).OpenReadAsync(P(path));
        return await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
    }

    [TestMethod]
    public async Task Fill_IsNoFileOfTheTree_AndTheTreesFileOfTheSamePathIsNoCopy()
    {
        var store = await CreateStoreAsync();
        await WriteLocallyAsync(store, "/web/a", "mine");

        await FillAsync(store, "/web/a", "the copy", Fetched(8));
        await FillAsync(store, "/web/b", "another copy", Fetched(12));

        Assert.AreEqual("mine", await ReadFileAsync(store, "/web/a"), "the user's file");
        Assert.AreEqual("the copy", await ReadAsync(store, "/web/a"), "the cache's copy");
        Assert.AreEqual(Fetched(8), await store.GetRecordAsync(P("/web/a")));
        Assert.IsNull(await Files(store).StatAsync(P("/web/b")), "a copy is no file of the tree");
        var names = new List<string>();
        await foreach (var e in Files(store).ListAsync(P("/web"))) names.Add(e.Name);
        CollectionAssert.AreEqual(new[] { "a" }, names);
    }

    [TestMethod]
    public async Task DropAndEvict_LeaveTheTreesFiles()
    {
        var store = await CreateStoreAsync();
        await WriteLocallyAsync(store, "/web/a", "mine");
        await WriteLocallyAsync(store, "/web/notes.txt", "mine too");
        await FillAsync(store, "/web/a", "copy");
        await FillAsync(store, "/web/b", "copy");

        Assert.AreEqual(new CacheUsage(1, 4), await store.EvictAsync([P("/web/a"), P("/web/notes.txt")]));
        Assert.AreEqual(2L, await store.DropAsync(P("/web")), "/web/b and the cache's /web, nothing of the tree's");
        await store.DropAsync(VPath.Root);

        Assert.AreEqual("mine", await ReadFileAsync(store, "/web/a"));
        Assert.AreEqual("mine too", await ReadFileAsync(store, "/web/notes.txt"));
        Assert.AreEqual(new CacheUsage(0, 0), await store.MeasureAsync(VPath.Root), "the tree's files are no copies to count");
    }

    [TestMethod]
    public async Task TheTreesChanges_LeaveTheCopiesRecordsAndListings()
    {
        var store = await CreateStoreAsync();
        var record = Fetched(4, "\"kept\"");
        await FillAsync(store, "/a/f", "copy", record);
        await store.SetListingAsync(P("/a"), new CacheListing(T0, [Entry("f")]));
        await WriteLocallyAsync(store, "/a/f", "mine");

        await Files(store).MoveAsync(P("/a"), P("/z"));
        await Files(store).DeleteAsync(P("/z"), recursive: true);

        Assert.AreEqual(record, await store.GetRecordAsync(P("/a/f")));
        Assert.AreEqual("copy", await ReadAsync(store, "/a/f"));
        Assert.IsNotNull(await store.GetListingAsync(P("/a")));
        Assert.IsNull(await store.GetRecordAsync(P("/z/f")));
    }

    [TestMethod]
    public async Task CacheChanges_AreNotHeardByTheTreesWatchers()
    {
        var store = await CreateStoreAsync();
        var heard = new System.Collections.Concurrent.ConcurrentQueue<ChangeEvent>();
        using var arrived = new SemaphoreSlim(0);
        using var subscription = Files(store).Subscribe(VPath.Root, e =>
        {
            heard.Enqueue(e);
            arrived.Release();
        });

        await FillAsync(store, "/n/f", "x");
        await store.SetRecordAsync(P("/d"), Dir());
        await store.EvictAsync([P("/n/f")]);
        await store.DropAsync(VPath.Root);
        await WriteLocallyAsync(store, "/mine", "y"); // the tree's own change, heard: everything before it was heard already

        Assert.IsTrue(await arrived.WaitAsync(TimeSpan.FromSeconds(20)), "no change event");
        CollectionAssert.AreEqual(new[] { new ChangeEvent(ChangeKind.Created, P("/mine")) }, heard.ToArray());
    }
}
