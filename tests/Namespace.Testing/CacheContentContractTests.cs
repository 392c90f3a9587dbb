using System.Text;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>
/// The content every <see cref="ICacheStore"/> keeps (<see cref="ICacheContent"/>): whole copies filled from an origin and
/// opened with their record in one step, and ranged copies (see the second part of this class).
/// </summary>
public abstract partial class CacheContentContractTests : CacheStoreContractBase
{
    [TestMethod]
    public async Task OpenFill_NewFile_StoresContentAndRecordAndMakesParents()
    {
        var store = await CreateStoreAsync();
        var record = Fetched(5) with { OriginModifiedUtc = T0.AddHours(-3), LastAccessUtc = T0.AddMinutes(1), AccessCount = 4 };

        await FillAsync(store, "/a/b/c.txt", "hello", record);

        Assert.AreEqual("hello", await ReadAsync(store, "/a/b/c.txt"));
        Assert.AreEqual(record, await store.GetRecordAsync(P("/a/b/c.txt")));
        var parent = await store.GetRecordAsync(P("/a/b"));
        Assert.IsNotNull(parent);
        Assert.AreEqual(EntryKind.Directory, parent.Kind);
        Assert.IsNull(parent.ValidatedUtc, "a parent made for a fill was never validated");
        Assert.IsFalse(parent.Dirty);
    }

    [TestMethod]
    public async Task OpenCached_GivesTheRecordAndTheContentTogether_NullForNoFile()
    {
        var store = await CreateStoreAsync();
        var record = Fetched(5);
        await FillAsync(store, "/d/f.txt", "hello", record);

        var cached = await store.OpenCachedAsync(P("/d/f.txt"));
        Assert.IsNotNull(cached);
        await using (cached.Content)
        {
            Assert.AreEqual(record, cached.Record);
            Assert.AreEqual("hello", await new StreamReader(cached.Content, Encoding.UTF8).ReadToEndAsync());
        }
        Assert.IsNull(await store.OpenCachedAsync(P("/d")), "a directory is no cached file");
        Assert.IsNull(await store.OpenCachedAsync(P("/d/nope")));
    }

    [TestMethod]
    public async Task OpenFill_Record_TimesComeBackInUtc()
    {
        var store = await CreateStoreAsync();
        var local = new DateTimeOffset(2026, 1, 2, 5, 4, 5, TimeSpan.FromHours(2));
        await FillAsync(store, "/f", "x", Fetched(1, validated: local) with { OriginModifiedUtc = local, StoredUtc = local, LastAccessUtc = local });

        var record = (await store.GetRecordAsync(P("/f")))!;

        Assert.AreEqual(local, record.ValidatedUtc);
        Assert.AreEqual(TimeSpan.Zero, record.ValidatedUtc!.Value.Offset);
        Assert.AreEqual(TimeSpan.Zero, record.OriginModifiedUtc!.Value.Offset);
        Assert.AreEqual(TimeSpan.Zero, record.StoredUtc.Offset);
        Assert.AreEqual(TimeSpan.Zero, record.LastAccessUtc.Offset);
    }

    [TestMethod]
    public async Task OpenFill_RecordSizeDiffersFromContent_RecordTellsTheContentSize()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "four", Fetched(999));
        Assert.AreEqual(4L, (await store.GetRecordAsync(P("/f")))!.Size);
    }

    [TestMethod]
    public async Task OpenFill_Replacing_OldContentAndRecordStayUntilDisposed()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "old", Fetched(3, "\"v1\""));

        await using (var stream = await store.OpenFillAsync(P("/f"), Fetched(3, "\"v2\"", T0.AddHours(1))))
        {
            await stream.WriteAsync("new"u8.ToArray());
            Assert.AreEqual("old", await ReadAsync(store, "/f"));
            Assert.AreEqual("\"v1\"", (await store.GetRecordAsync(P("/f")))!.OriginETag);
        }

        Assert.AreEqual("new", await ReadAsync(store, "/f"));
        Assert.AreEqual(Fetched(3, "\"v2\"", T0.AddHours(1)), await store.GetRecordAsync(P("/f")));
    }

    [TestMethod]
    public async Task OpenFill_RacingFills_ContentAndRecordAlwaysMatch()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
            {
                var text = new string((char)('a' + i), 5000 + i);
                await FillAsync(store, "/race/f", text, Fetched(text.Length, $"\"{text[0]}\""));
            })));

            var content = await ReadAsync(store, "/race/f");
            var record = (await store.GetRecordAsync(P("/race/f")))!;
            Assert.AreEqual($"\"{content[0]}\"", record.OriginETag, "the record belongs to the content held");
            Assert.AreEqual(content.Length, record.Size);
        }
    }

    [TestMethod]
    public async Task OpenFill_Aborted_LeavesOldContentAndRecord()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "old", Fetched(3, "\"v1\""));

        await using (var stream = await store.OpenFillAsync(P("/f"), Fetched(3, "\"v2\"")))
        {
            await stream.WriteAsync("new"u8.ToArray());
            stream.Abort();
        }

        Assert.AreEqual("old", await ReadAsync(store, "/f"));
        Assert.AreEqual(Fetched(3, "\"v1\""), await store.GetRecordAsync(P("/f")));
    }

    [TestMethod]
    public async Task OpenFill_AbortedNewFile_LeavesNoFileAndNoParents()
    {
        var store = await CreateStoreAsync();

        await using (var stream = await store.OpenFillAsync(P("/d/f"), Fetched(3)))
        {
            await stream.WriteAsync("new"u8.ToArray());
            stream.Abort();
        }

        Assert.IsNull(await store.GetRecordAsync(P("/d/f")));
        Assert.IsNull(await store.GetRecordAsync(P("/d")));
    }

    [TestMethod]
    public async Task OpenFill_DirtyEntry_RefusesWithConflictAndKeepsLocalChange()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "mine", Fetched(4, dirty: true));

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => store.OpenFillAsync(P("/f"), Fetched(6)));

        StringAssert.StartsWith(e.Message, "/f: ");
        Assert.AreEqual("mine", await ReadAsync(store, "/f"));
        Assert.IsTrue((await store.GetRecordAsync(P("/f")))!.Dirty);
    }

    [TestMethod]
    public async Task OpenFill_EntryTurnsDirtyWhileFilling_CommitRefusesWithConflict()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "old");
        var stream = await store.OpenFillAsync(P("/f"), Fetched(6, "\"origin\""));
        await stream.WriteAsync("origin"u8.ToArray());

        await FillAsync(store, "/f", "mine", Fetched(4, dirty: true));
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => stream.DisposeAsync());

        Assert.AreEqual("mine", await ReadAsync(store, "/f"));
        Assert.IsTrue((await store.GetRecordAsync(P("/f")))!.Dirty);
    }

    [TestMethod]
    public async Task OpenFill_Directory_ThrowsIsADirectory()
    {
        var store = await CreateStoreAsync();
        await store.SetRecordAsync(P("/d"), Dir());
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => store.OpenFillAsync(P("/d"), Fetched(1)));
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => store.OpenFillAsync(VPath.Root, Fetched(1)));
    }

    [TestMethod]
    public async Task OpenFill_ParentIsAFile_ThrowsNotADirectory()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "x");
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => store.OpenFillAsync(P("/f/g"), Fetched(1)));
        Assert.AreEqual("/f", e.Path);
    }
}
