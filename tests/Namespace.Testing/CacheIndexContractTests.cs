using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>
/// The record index every <see cref="ICacheStore"/> keeps (<see cref="ICacheIndex"/>): records, revalidation, access
/// times, what purge and eviction drop (never a dirty entry), listings, scans, usage and each element's counters.
/// </summary>
public abstract class CacheIndexContractTests : CacheStoreContractBase
{
    [TestMethod]
    public async Task GetRecord_NothingThere_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        Assert.IsNull(await store.GetRecordAsync(P("/nope")));
        Assert.IsNull(await store.GetRecordAsync(P("/nope/deeper")));
    }

    [TestMethod]
    public async Task SetRecord_Directory_MakesItAndItsParents()
    {
        var store = await CreateStoreAsync();

        await store.SetRecordAsync(P("/x/y"), Dir(T0.AddMinutes(7)));

        Assert.AreEqual(Dir(T0.AddMinutes(7)), await store.GetRecordAsync(P("/x/y")));
        Assert.AreEqual(EntryKind.Directory, (await store.GetRecordAsync(P("/x")))!.Kind);
    }

    [TestMethod]
    public async Task SetRecord_ExistingFile_ReplacesRecordAndKeepsContent()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "keep");

        await store.SetRecordAsync(P("/f"), Fetched(4, "\"v9\"", T0.AddDays(1), dirty: true));

        Assert.AreEqual("keep", await ReadAsync(store, "/f"));
        Assert.AreEqual(Fetched(4, "\"v9\"", T0.AddDays(1), dirty: true), await store.GetRecordAsync(P("/f")));
    }

    [TestMethod]
    public async Task SetRecord_FileRecordForMissingFile_ThrowsNotFound()
    {
        var store = await CreateStoreAsync();
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => store.SetRecordAsync(P("/missing"), Fetched(1)));
        Assert.AreEqual("/missing: file not found", e.Message);
        Assert.IsNull(await store.GetRecordAsync(P("/missing")));
    }

    [TestMethod]
    public async Task SetRecord_KindDiffersFromEntry_Throws()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "x");
        await store.SetRecordAsync(P("/d"), Dir());
        await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => store.SetRecordAsync(P("/f"), Dir()));
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => store.SetRecordAsync(P("/d"), Fetched(0)));
    }

    [TestMethod]
    public async Task MarkValidated_TheCopyStillHeld_RefreshesItsValidationOnly()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "keep", Fetched(4));
        var held = (await store.GetRecordAsync(P("/f")))!;
        await store.TouchAsync(P("/f"), T0.AddMinutes(1)); // a read meanwhile is no other copy

        Assert.IsTrue(await store.MarkValidatedAsync(P("/f"), held, T0.AddHours(1)));

        Assert.AreEqual(held with { ValidatedUtc = T0.AddHours(1), LastAccessUtc = T0.AddMinutes(1), AccessCount = 1 }, await store.GetRecordAsync(P("/f")));
        Assert.AreEqual("keep", await ReadAsync(store, "/f"));
    }

    [TestMethod]
    public async Task MarkValidated_ReplacedOrGoneSince_ChangesNothing()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/new", "old", Fetched(3));
        await FillAsync(store, "/local", "old", Fetched(3));
        await FillAsync(store, "/dirty", "old", Fetched(3));
        await FillAsync(store, "/gone", "old", Fetched(3));
        var held = (await store.GetRecordAsync(P("/new")))!;

        await FillAsync(store, "/new", "newer", Fetched(5, "\"o2\""));
        await FillAsync(store, "/local", "mine", Written(4));
        await store.SetRecordAsync(P("/dirty"), held with { Dirty = true });
        await store.DropAsync(P("/gone"));

        foreach (var path in new[] { "/new", "/local", "/dirty", "/gone" })
        {
            var now = await store.GetRecordAsync(P(path));
            Assert.IsFalse(await store.MarkValidatedAsync(P(path), held, T0.AddHours(1)), path);
            Assert.AreEqual(now, await store.GetRecordAsync(P(path)), path);
        }
        Assert.AreEqual("newer", await ReadAsync(store, "/new"));
    }

    [TestMethod]
    public async Task Touch_CountsReadsAndKeepsLastAccess()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "x");

        await store.TouchAsync(P("/f"), T0.AddMinutes(1));
        await store.TouchAsync(P("/f"), T0.AddMinutes(2));
        await store.TouchAsync(P("/f"), T0.AddMinutes(3));

        var record = (await store.GetRecordAsync(P("/f")))!;
        Assert.AreEqual(3L, record.AccessCount);
        Assert.AreEqual(T0.AddMinutes(3), record.LastAccessUtc);
        Assert.AreEqual(T0, record.StoredUtc);
        Assert.AreEqual(T0, record.ValidatedUtc, "a read is not a revalidation");
    }

    [TestMethod]
    public async Task Touch_Concurrent_EveryReadCounted()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "x");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            for (var j = 0; j < 25; j++) await store.TouchAsync(P("/f"), T0.AddSeconds(i * 100 + j));
        })));

        Assert.AreEqual(200L, (await store.GetRecordAsync(P("/f")))!.AccessCount);
    }

    [TestMethod]
    public async Task Touch_NothingThere_IsNoError()
    {
        var store = await CreateStoreAsync();
        await store.TouchAsync(P("/nope"), T0);
        await store.TouchAsync(P("/nope/deeper"), T0);
        Assert.IsNull(await store.GetRecordAsync(P("/nope")));
    }

    [TestMethod]
    public async Task Drop_Subtree_KeepsDirtyEntriesAndTheirAncestors()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/a/clean1", "1");
        await FillAsync(store, "/a/b/clean2", "2");
        await FillAsync(store, "/a/b/c/dirty", "d", Fetched(1, dirty: true));
        await FillAsync(store, "/a/e/clean3", "3");
        await FillAsync(store, "/other", "o");

        var dropped = await store.DropAsync(P("/a"));

        Assert.AreEqual(4L, dropped, "/a/clean1, /a/b/clean2, /a/e/clean3 and /a/e");
        CollectionAssert.AreEqual(new[] { "/a/", "/a/b/", "/a/b/c/", "/a/b/c/dirty", "/other" }, await ScanAsync(store, "/", recursive: true));
        Assert.AreEqual("d", await ReadAsync(store, "/a/b/c/dirty"));
    }

    [TestMethod]
    public async Task Drop_OneCleanFile_RemovesIt()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/d/f", "x");
        await FillAsync(store, "/d/g", "y");

        Assert.AreEqual(1L, await store.DropAsync(P("/d/f")));

        CollectionAssert.AreEqual(new[] { "/d/g" }, await ScanAsync(store, "/d", recursive: false));
        Assert.AreEqual(0L, await store.DropAsync(P("/d/nope")));
    }

    [TestMethod]
    public async Task Evict_DropsTheCleanFilesGiven_NeverADirtyOneOrADirectory()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/d/f", "x");
        await FillAsync(store, "/d/g", "yy");
        await FillAsync(store, "/d/dirty", "z", Fetched(1, dirty: true));
        await FillAsync(store, "/d/kept", "k");

        var evicted = await store.EvictAsync([P("/d/f"), P("/d/g"), P("/d/dirty"), P("/d"), P("/d/nope")]);

        Assert.AreEqual(new CacheUsage(2, 3), evicted, "f and g: two files, three bytes");
        CollectionAssert.AreEqual(new[] { "/d/dirty", "/d/kept" }, await ScanAsync(store, "/d", recursive: false));
        Assert.AreEqual(new CacheUsage(2, 2), await store.MeasureAsync(P("/")));
        Assert.AreEqual(new CacheUsage(0, 0), await store.EvictAsync([]));
    }

    [TestMethod]
    public async Task Drop_DirtyFile_IsKept()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "x", Fetched(1, dirty: true));
        Assert.AreEqual(0L, await store.DropAsync(P("/f")));
        Assert.AreEqual("x", await ReadAsync(store, "/f"));
    }

    [TestMethod]
    public async Task Drop_ValidatedBefore_SparesEntriesValidatedAtOrAfterIt()
    {
        var store = await CreateStoreAsync();
        await store.SetRecordAsync(P("/d"), Dir(T0.AddHours(5)));
        await FillAsync(store, "/d/old", "o", Fetched(1, validated: T0));
        await FillAsync(store, "/d/edge", "e", Fetched(1, validated: T0.AddHours(1)));
        await FillAsync(store, "/d/new", "n", Fetched(1, validated: T0.AddHours(2)));
        await FillAsync(store, "/d/local", "written through", Written(15));
        await FillAsync(store, "/stale/x", "x", Fetched(1, validated: T0));

        var dropped = await store.DropAsync(VPath.Root, validatedBefore: T0.AddHours(1));

        Assert.AreEqual(4L, dropped, "/d/old, /d/local, /stale/x and /stale (made for the fill, never validated)");
        CollectionAssert.AreEqual(new[] { "/d/", "/d/edge", "/d/new" }, await ScanAsync(store, "/", recursive: true));
    }

    [TestMethod]
    public async Task Drop_KeepingThePath_EmptiesTheDirectoryButKeepsIt()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/web/a/f", "x");
        await FillAsync(store, "/web/g", "y");
        await FillAsync(store, "/other", "o");

        Assert.AreEqual(3L, await store.DropAsync(P("/web"), keepPath: true), "/web/a/f, /web/a and /web/g");

        CollectionAssert.AreEqual(new[] { "/other", "/web/" }, await ScanAsync(store, "/", recursive: true));
        Assert.AreEqual(1L, await store.DropAsync(P("/other"), keepPath: true), "a file is dropped all the same");
    }

    [TestMethod]
    public async Task Drop_Root_EmptiesItButKeepsIt()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/a/f", "x");
        await FillAsync(store, "/g", "y");

        Assert.AreEqual(3L, await store.DropAsync(VPath.Root));

        CollectionAssert.AreEqual(Array.Empty<string>(), await ScanAsync(store, "/", recursive: true));
        Assert.IsNotNull(await store.GetRecordAsync(VPath.Root));
        await FillAsync(store, "/again", "z");
        Assert.AreEqual("z", await ReadAsync(store, "/again"));
    }

    [TestMethod]
    public async Task Drop_Subtree_DropsItsListingsOnly()
    {
        var store = await CreateStoreAsync();
        var listing = new CacheListing(T0, [Entry("f")]);
        await store.SetRecordAsync(P("/a/b"), Dir());
        await store.SetListingAsync(P("/a"), listing);
        await store.SetListingAsync(P("/a/b"), listing);
        await store.SetListingAsync(P("/a/gone"), listing);
        await store.SetListingAsync(P("/ab"), listing);
        await store.SetListingAsync(VPath.Root, listing);

        await store.DropAsync(P("/a"));

        Assert.IsNull(await store.GetListingAsync(P("/a")));
        Assert.IsNull(await store.GetListingAsync(P("/a/b")));
        Assert.IsNull(await store.GetListingAsync(P("/a/gone")));
        Assert.IsNotNull(await store.GetListingAsync(P("/ab")), "a sibling sharing a prefix is not below /a");
        Assert.IsNotNull(await store.GetListingAsync(VPath.Root));
    }

    [TestMethod]
    public async Task Drop_ValidatedBefore_SparesRecentListings()
    {
        var store = await CreateStoreAsync();
        await store.SetListingAsync(P("/old"), new CacheListing(T0, [Entry("f")]));
        await store.SetListingAsync(P("/new"), new CacheListing(T0.AddHours(2), [Entry("f")]));

        await store.DropAsync(VPath.Root, validatedBefore: T0.AddHours(1));

        Assert.IsNull(await store.GetListingAsync(P("/old")));
        Assert.IsNotNull(await store.GetListingAsync(P("/new")));
    }

    protected static void AssertSameEntries(IReadOnlyList<NsEntry> expected, IReadOnlyList<NsEntry> actual)
    {
        Assert.AreEqual(expected.Count, actual.Count, string.Join(",", actual.Select(e => e.Name)));
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.AreEqual((e.Name, e.Kind, e.Size, e.Mode, e.ModifiedUtc, e.ETag), (a.Name, a.Kind, a.Size, a.Mode, a.ModifiedUtc, a.ETag));
            Assert.AreEqual(TimeSpan.Zero, a.ModifiedUtc.Offset);
        }
    }

    [TestMethod]
    public async Task Listing_OddNames_RoundTripInOrder()
    {
        var store = await CreateStoreAsync();
        string[] names = ["%", "%a", "'quoted'", "100%_done", "_", "a b", "a%b", "a_b", "ab", "Ωmega", "名前", "\U0001F600 smile", "\uFF61"];
        Array.Sort(names, StringComparer.Ordinal);
        var entries = names.Select((n, i) => Entry(n, i % 3 == 0 ? EntryKind.Directory : EntryKind.File, i + 1, i % 2 == 0 ? null : $"\"{i}\"")).ToArray();
        var dir = P("/d%_'");

        await store.SetListingAsync(dir, new CacheListing(T0, entries));
        await store.SetListingAsync(P("/d%_'x"), new CacheListing(T0, [Entry("sibling")]));
        await store.SetListingAsync(P("/d%_'/sub"), new CacheListing(T0, [Entry("child")]));

        var listing = (await store.GetListingAsync(dir))!;
        Assert.AreEqual(T0, listing.ValidatedUtc);
        AssertSameEntries(entries, listing.Entries);
    }

    [TestMethod]
    public async Task Listed_OneName_IsLookedUpAsTheListingHasIt()
    {
        var store = await CreateStoreAsync();
        string[] names = ["%", "a%b", "a_b", "ab", "名前", "\U0001F600 smile"];
        Array.Sort(names, StringComparer.Ordinal);
        var entries = names.Select((n, i) => Entry(n, i % 2 == 0 ? EntryKind.Directory : EntryKind.File, i + 1, $"\"{i}\"")).ToArray();
        await store.SetListingAsync(P("/d%_"), new CacheListing(T0, entries));
        await store.SetListingAsync(P("/empty"), new CacheListing(T0.AddHours(1), []));

        foreach (var entry in entries)
        {
            var listed = await store.GetListedAsync(P("/d%_"), entry.Name);
            Assert.AreEqual(T0, listed?.ValidatedUtc);
            AssertSameEntries([entry], [listed!.Value.Entry!]);
        }
        Assert.AreEqual(new CacheListed(T0, null), await store.GetListedAsync(P("/d%_"), "a"), "a name the listing lacks ('a_b' and 'a%b' are no patterns)");
        Assert.AreEqual(new CacheListed(T0.AddHours(1), null), await store.GetListedAsync(P("/empty"), "x"));
        Assert.IsNull(await store.GetListedAsync(P("/d%"), "ab"), "no listing kept there");
    }

    [TestMethod]
    public async Task Listing_Empty_RoundTripsAsEmptyNotMissing()
    {
        var store = await CreateStoreAsync();
        await store.SetListingAsync(P("/empty"), new CacheListing(T0, []));
        var listing = await store.GetListingAsync(P("/empty"));
        Assert.IsNotNull(listing);
        Assert.AreEqual(0, listing.Entries.Count);
    }

    [TestMethod]
    public async Task Listing_SetAgain_ReplacesTheWholeListing()
    {
        var store = await CreateStoreAsync();
        await store.SetListingAsync(VPath.Root, new CacheListing(T0, [Entry("a"), Entry("b")]));

        await store.SetListingAsync(VPath.Root, new CacheListing(T0.AddHours(1), [Entry("c", size: 9)]));

        var listing = (await store.GetListingAsync(VPath.Root))!;
        Assert.AreEqual(T0.AddHours(1), listing.ValidatedUtc);
        AssertSameEntries([Entry("c", size: 9)], listing.Entries);
    }

    [TestMethod]
    public async Task DropListing_ForgetsOnlyThatListing()
    {
        var store = await CreateStoreAsync();
        await store.SetListingAsync(P("/a"), new CacheListing(T0, [Entry("x")]));
        await store.SetListingAsync(P("/a/b"), new CacheListing(T0, [Entry("y")]));

        await store.DropListingAsync(P("/a"));
        await store.DropListingAsync(P("/never"));

        Assert.IsNull(await store.GetListingAsync(P("/a")));
        Assert.IsNotNull(await store.GetListingAsync(P("/a/b")));
    }

    [TestMethod]
    public async Task Scan_ChildrenOrWholeSubtree()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/a/f", "1");
        await FillAsync(store, "/a/b/g", "2");
        await FillAsync(store, "/a_b/h", "3");
        await FillAsync(store, "/a%/i", "4");

        CollectionAssert.AreEqual(new[] { "/a/b/", "/a/f" }, await ScanAsync(store, "/a", recursive: false));
        CollectionAssert.AreEqual(new[] { "/a/b/", "/a/b/g", "/a/f" }, await ScanAsync(store, "/a", recursive: true));
        CollectionAssert.AreEqual(new[] { "/a%/", "/a/", "/a_b/" }, await ScanAsync(store, "/", recursive: false));
        Assert.AreEqual(8, (await ScanAsync(store, "/", recursive: true)).Count);
        CollectionAssert.AreEqual(Array.Empty<string>(), await ScanAsync(store, "/nope", recursive: true));
        CollectionAssert.AreEqual(Array.Empty<string>(), await ScanAsync(store, "/a/f", recursive: true));
    }

    [TestMethod]
    public async Task Scan_GivesEachPathItsRecord()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/d/f", "xy", Fetched(2, "\"f\""));
        await FillAsync(store, "/d/g", "z", Fetched(1, "\"g\"", dirty: true));

        var records = new Dictionary<string, CacheRecord>();
        await foreach (var e in store.ScanAsync(P("/d"), recursive: false)) records[e.Path.Value] = e.Record;

        Assert.AreEqual(Fetched(2, "\"f\""), records["/d/f"]);
        Assert.AreEqual(Fetched(1, "\"g\"", dirty: true), records["/d/g"]);
    }

    [TestMethod]
    public async Task Measure_CountsFilesAndTheirBytes()
    {
        var store = await CreateStoreAsync();
        Assert.AreEqual(new CacheUsage(0, 0), await store.MeasureAsync(VPath.Root));

        await FillAsync(store, "/a/f", "12345");
        await FillAsync(store, "/a/b/g", "123");
        await FillAsync(store, "/h", "", Written(0));
        await store.SetRecordAsync(P("/empty/dir"), Dir());

        Assert.AreEqual(new CacheUsage(3, 8), await store.MeasureAsync(VPath.Root));
        await store.DropAsync(P("/a/b"));
        Assert.AreEqual(new CacheUsage(2, 5), await store.MeasureAsync(VPath.Root));
    }

    [TestMethod]
    public async Task Measure_BelowAPath_CountsOnlyWhatIsThere()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/web/f", "12345");
        await FillAsync(store, "/web/sub/g", "123");
        await FillAsync(store, "/web2/h", "1234567");
        await FillAsync(store, "/other", "12", Written(2));

        Assert.AreEqual(new CacheUsage(2, 8), await store.MeasureAsync(P("/web")));
        Assert.AreEqual(new CacheUsage(1, 3), await store.MeasureAsync(P("/web/sub")));
        Assert.AreEqual(new CacheUsage(1, 5), await store.MeasureAsync(P("/web/f")), "a file counts itself");
        Assert.AreEqual(new CacheUsage(0, 0), await store.MeasureAsync(P("/nothing")));
        Assert.AreEqual(new CacheUsage(4, 17), await store.MeasureAsync(VPath.Root));
    }

    [TestMethod]
    public async Task Counters_NewStore_AreZero()
    {
        var store = await CreateStoreAsync();
        Assert.IsTrue((await store.ReadCountersAsync(VPath.Root)).IsZero);
        Assert.IsTrue((await store.ReadCountersAsync(P("/web"))).IsZero);
    }

    [TestMethod]
    public async Task AddCounters_ConcurrentDeltas_AddUp()
    {
        var store = await CreateStoreAsync();
        var delta = new CacheCounters(1, 2, 3, 4, 5, 600, 7000);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++) await store.AddCountersAsync(new Dictionary<VPath, CacheCounters> { [VPath.Root] = delta });
        })));

        Assert.AreEqual(new CacheCounters(100, 200, 300, 400, 500, 60_000, 700_000), await store.ReadCountersAsync(VPath.Root));
    }

    [TestMethod]
    public async Task AddCounters_KeepsEachElementRootsApart_InOneCall()
    {
        var store = await CreateStoreAsync();

        await store.AddCountersAsync(new Dictionary<VPath, CacheCounters>
        {
            [P("/web")] = new(1, 2, 0, 0, 0, 10, 20),
            [P("/web/sub")] = new(5, 0, 0, 0, 1, 0, 0),
        });
        await store.AddCountersAsync(new Dictionary<VPath, CacheCounters> { [P("/web")] = new(1, 0, 0, 0, 0, 0, 5) });

        Assert.AreEqual(new CacheCounters(2, 2, 0, 0, 0, 10, 25), await store.ReadCountersAsync(P("/web")));
        Assert.AreEqual(new CacheCounters(5, 0, 0, 0, 1, 0, 0), await store.ReadCountersAsync(P("/web/sub")), "an element below another keeps its own");
        Assert.IsTrue((await store.ReadCountersAsync(VPath.Root)).IsZero);
    }
}
