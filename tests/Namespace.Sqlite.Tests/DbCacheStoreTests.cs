using System.Text;
using Microsoft.Data.Sqlite;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Sqlite.Storage;
using Namespace.Sqlite.Tests.Support;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests;

// What dbfs as a cache store does beyond the contract suite: durability and how it uses the file.
[TestClass]
public sealed class DbCacheStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task Reopen_RecordsListingsAndCountersSurvive()
    {
        var file = _dir.Combine("cache.db");
        var record = new CacheRecord(EntryKind.File, 5, "\"o1\"", T0.AddDays(-1), T0, T0, T0.AddMinutes(1), 0, Dirty: true);
        var listing = new CacheListing(T0, [new NsEntry("it's 100%_", EntryKind.File, 5, (UnixFileMode)420, T0, "\"o1\"", "origin")]);
        await using (var fs = await DbFiles.OpenAsync(file))
        {
            await using (var fill = await fs.OpenFillAsync(VPath.Parse("/d/f"), record))
                await fill.WriteAsync("hello"u8.ToArray());
            await fs.TouchAsync(VPath.Parse("/d/f"), T0.AddMinutes(2));
            await fs.SetListingAsync(VPath.Parse("/d"), listing);
            await fs.AddCountersAsync(new Dictionary<VPath, CacheCounters> { [VPath.Root] = new(1, 2, 3, 4, 5, 6, 7) });
            await fs.AddCountersAsync(new Dictionary<VPath, CacheCounters> { [VPath.Root] = new(10, 20, 30, 40, 50, 60, 70), [VPath.Parse("/d")] = new(1, 0, 0, 0, 0, 0, 0) });
        }

        await using var reopened = await DbFiles.OpenAsync(file);

        Assert.AreEqual(record with { LastAccessUtc = T0.AddMinutes(2), AccessCount = 1 }, await reopened.GetRecordAsync(VPath.Parse("/d/f")));
        Assert.AreEqual("hello", await reopened.ReadCachedTextAsync("/d/f"));
        var kept = (await reopened.GetListingAsync(VPath.Parse("/d")))!;
        Assert.AreEqual(T0, kept.ValidatedUtc);
        Assert.AreEqual("it's 100%_", kept.Entries.Single().Name);
        Assert.AreEqual(new CacheCounters(11, 22, 33, 44, 55, 66, 77), await reopened.ReadCountersAsync(VPath.Root));
        Assert.AreEqual(new CacheCounters(1, 0, 0, 0, 0, 0, 0), await reopened.ReadCountersAsync(VPath.Parse("/d")));
    }

    [TestMethod]
    public async Task FillsCommittingTogether_AreEachKept_AndOneRefusedLeavesTheOthersIn()
    {
        var file = _dir.Combine("cache.db");
        await using var fs = await DbFiles.OpenAsync(file);
        var fetched = new CacheRecord(EntryKind.File, 2, "\"o\"", T0, T0, T0, T0, 0, Dirty: false);
        await using (var local = await fs.OpenFillAsync(VPath.Parse("/d/f07"), fetched))
            await local.WriteAsync("ab"u8.ToArray());
        var fills = new List<NsWriteStream>();
        for (var i = 0; i < 40; i++)
        {
            var fill = await fs.OpenFillAsync(VPath.Parse($"/d/f{i:D2}"), fetched);
            await fill.WriteAsync(Encoding.UTF8.GetBytes($"{i:D2}"));
            fills.Add(fill);
        }
        // Local changes arrive at /d/f07 after its fill was opened: that fill must not replace them.
        await fs.SetRecordAsync(VPath.Parse("/d/f07"), fetched with { Dirty = true });

        // Another process's write transaction makes them all wait, then commit as they can (in groups).
        using (var other = new SqliteConnection($"Data Source={file}"))
        {
            other.Open();
            using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }
            var commits = fills.Select(f => f.DisposeAsync().AsTask()).ToList();
            using (var commit = other.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                commit.ExecuteNonQuery();
            }
            var refused = await Assert.ThrowsExactlyAsync<NamespaceException>(() => commits[7]);
            Assert.AreEqual(NsErrorKind.Conflict, refused.Kind);
            commits.RemoveAt(7);
            await Task.WhenAll(commits);
        }

        for (var i = 0; i < 40; i++)
        {
            var expected = i == 7 ? "ab" : $"{i:D2}";
            Assert.AreEqual(expected, await fs.ReadCachedTextAsync($"/d/f{i:D2}"), $"f{i:D2}");
        }
        Assert.IsTrue((await fs.GetRecordAsync(VPath.Parse("/d/f07")))!.Dirty, "the local changes stay");
        Assert.AreEqual(new CacheUsage(40, 80), await fs.MeasureAsync(VPath.Root));
    }

    [TestMethod]
    public async Task FillsNobodyWaitsFor_AreHeldToBeCommittedTogether_UntilOneSomeoneWaitsForComes()
    {
        await using var fs = await DbFiles.OpenAsync(_dir.Combine("cache.db"), new DbOpenOptions { GatherWindow = TimeSpan.FromHours(1) });
        var fetched = new CacheRecord(EntryKind.File, 2, "\"o\"", T0, T0, T0, T0, 0, Dirty: false);
        var held = new List<Task>();
        for (var i = 0; i < 3; i++)
        {
            var fill = await fs.OpenFillAsync(VPath.Parse($"/d/held{i}"), fetched);
            await fill.WriteAsync("hh"u8.ToArray());
            ((IDeferrableCommit)fill).AllowDeferredCommit();
            held.Add(fill.DisposeAsync().AsTask());
        }

        // A commit someone waits for is never held by the window, and takes those waiting along.
        var waitedFor = await fs.OpenFillAsync(VPath.Parse("/d/now"), fetched);
        await waitedFor.WriteAsync("nn"u8.ToArray());
        await waitedFor.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        await Task.WhenAll(held).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.AreEqual("nn", await fs.ReadCachedTextAsync("/d/now"));
        for (var i = 0; i < 3; i++) Assert.AreEqual("hh", await fs.ReadCachedTextAsync($"/d/held{i}"));
    }

    [TestMethod]
    public async Task OneFillOfAGroupRefused_TheOthersAreCommitted_AndItsWriterIsTold()
    {
        await using var fs = await DbFiles.OpenAsync(_dir.Combine("cache.db"), new DbOpenOptions { GatherWindow = TimeSpan.FromHours(1) });
        var fetched = new CacheRecord(EntryKind.File, 2, "\"o\"", T0, T0, T0, T0, 0, Dirty: false);
        var fills = new List<NsWriteStream>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            var fill = await fs.OpenFillAsync(VPath.Parse($"/d/{name}"), fetched);
            await fill.WriteAsync("hh"u8.ToArray());
            ((IDeferrableCommit)fill).AllowDeferredCommit();
            fills.Add(fill);
        }
        // Meanwhile /d/b is written locally: a dirty copy no fill may replace.
        var mine = await fs.OpenFillAsync(VPath.Parse("/d/b"), fetched with { Dirty = true });
        await mine.WriteAsync("me"u8.ToArray());
        await mine.DisposeAsync();
        var held = fills.Select(f => f.DisposeAsync().AsTask()).ToList();

        var waitedFor = await fs.OpenFillAsync(VPath.Parse("/d/now"), fetched);
        await waitedFor.WriteAsync("nn"u8.ToArray());
        await waitedFor.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        await held[0].WaitAsync(TimeSpan.FromSeconds(20));
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => held[1].WaitAsync(TimeSpan.FromSeconds(20)));
        await held[2].WaitAsync(TimeSpan.FromSeconds(20));
        Assert.AreEqual("hh", await fs.ReadCachedTextAsync("/d/a"));
        Assert.AreEqual("me", await fs.ReadCachedTextAsync("/d/b"), "the local change stays");
        Assert.IsTrue((await fs.GetRecordAsync(VPath.Parse("/d/b")))!.Dirty);
        Assert.AreEqual("hh", await fs.ReadCachedTextAsync("/d/c"));
        Assert.AreEqual("nn", await fs.ReadCachedTextAsync("/d/now"));
    }

    [TestMethod]
    public async Task AFillHeldByTheWindow_IsCommittedWhenTheFileIsClosed()
    {
        var file = _dir.Combine("cache.db");
        var fs = await DbFiles.OpenAsync(file, new DbOpenOptions { GatherWindow = TimeSpan.FromHours(1) });
        var fill = await fs.OpenFillAsync(VPath.Parse("/f"), new CacheRecord(EntryKind.File, 2, "\"o\"", T0, T0, T0, T0, 0, Dirty: false));
        await fill.WriteAsync("ff"u8.ToArray());
        ((IDeferrableCommit)fill).AllowDeferredCommit();
        var held = fill.DisposeAsync().AsTask();

        await fs.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        // A guard against hanging the run: the commit must not wait out the window.
        Assert.AreSame(held, await Task.WhenAny(held, Task.Delay(TimeSpan.FromSeconds(20))), "the copy handed over before closing was left to the window");
        await held;
        await using var reopened = await DbFiles.OpenAsync(file);
        Assert.AreEqual("ff", await reopened.ReadCachedTextAsync("/f"));
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task AFillHeldForOthers_ThatSomeoneWaitsForAfterAll_IsCommittedAtOnce(bool waitedForBeforeItIsHandedOver)
    {
        // The window is an hour: a fill still held for others times out.
        await using var fs = await DbFiles.OpenAsync(_dir.Combine("cache.db"), new DbOpenOptions { GatherWindow = TimeSpan.FromHours(1) });
        var fill = await fs.OpenFillAsync(VPath.Parse("/d/f"), new CacheRecord(EntryKind.File, 2, "\"o\"", T0, T0, T0, T0, 0, Dirty: false));
        await fill.WriteAsync("ff"u8.ToArray());
        ((IDeferrableCommit)fill).AllowDeferredCommit();

        if (waitedForBeforeItIsHandedOver) ((IDeferrableCommit)fill).CommitWaitedFor();
        var committed = fill.DisposeAsync().AsTask();
        if (!waitedForBeforeItIsHandedOver) ((IDeferrableCommit)fill).CommitWaitedFor();
        await committed.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.AreEqual("ff", await fs.ReadCachedTextAsync("/d/f"));
    }

    [TestMethod]
    [DataRow(-1.0)]
    [DataRow(2.0)]
    public async Task AGatherWindowBeyondZeroToADay_IsRefusedAtOpen(double days)
    {
        var e = await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(async () =>
            await DbFiles.OpenAsync(_dir.Combine("cache.db"), new DbOpenOptions { GatherWindow = TimeSpan.FromDays(days) }));
        StringAssert.Contains(e.Message, "GatherWindow");
        Assert.IsFalse(File.Exists(_dir.Combine("cache.db")), "nothing was made");
    }

    [TestMethod]
    public async Task AFillNobodyWaitsFor_IsCommittedOnceTheWindowPasses()
    {
        await using var fs = await DbFiles.OpenAsync(_dir.Combine("cache.db"));
        var fill = await fs.OpenFillAsync(VPath.Parse("/f"), new CacheRecord(EntryKind.File, 2, "\"o\"", T0, T0, T0, T0, 0, Dirty: false));
        await fill.WriteAsync("ff"u8.ToArray());
        ((IDeferrableCommit)fill).AllowDeferredCommit();

        await fill.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.AreEqual("ff", await fs.ReadCachedTextAsync("/f"));
    }

    [TestMethod]
    public async Task AFillOpenedWithoutChecking_IsRefusedAtCommit_AndTheLocalChangesStay()
    {
        await using var fs = await DbFiles.OpenAsync(_dir.Combine("cache.db"));
        var fetched = new CacheRecord(EntryKind.File, 5, "\"o\"", T0, T0, T0, T0, 0, Dirty: false);
        await using (var local = await fs.OpenFillAsync(VPath.Parse("/f"), fetched))
            await local.WriteAsync("local"u8.ToArray());
        await fs.SetRecordAsync(VPath.Parse("/f"), fetched with { Dirty = true });

        var fill = await fs.OpenFillAsync(VPath.Parse("/f"), fetched, checkNow: false);
        await fill.WriteAsync("fetch"u8.ToArray());
        var refused = await Assert.ThrowsExactlyAsync<NamespaceException>(() => fill.DisposeAsync().AsTask());

        Assert.AreEqual(NsErrorKind.Conflict, refused.Kind);
        Assert.AreEqual("local", await fs.ReadCachedTextAsync("/f"));
        Assert.IsTrue((await fs.GetRecordAsync(VPath.Parse("/f")))!.Dirty);
    }

    [TestMethod]
    public async Task Touch_ManyReads_ReachTheFileWithoutClosingIt()
    {
        var file = _dir.Combine("cache.db");
        await using var fs = await DbFiles.OpenAsync(file);
        await using (var fill = await fs.OpenFillAsync(VPath.Parse("/f"), new CacheRecord(EntryKind.File, 1, null, null, T0, T0, T0, 0, Dirty: false)))
            await fill.WriteAsync("x"u8.ToArray());

        const int reads = DbFileSystem.MaxPendingTouches + 10;
        for (var i = 0; i < reads; i++) await fs.TouchAsync(VPath.Parse("/f"), T0.AddSeconds(i));

        await using var other = await DbFiles.OpenAsync(file);
        var seen = (await other.GetRecordAsync(VPath.Parse("/f")))!.AccessCount;
        Assert.IsTrue(seen >= DbFileSystem.MaxPendingTouches, $"another instance sees {seen} of {reads} reads");
        Assert.AreEqual(reads, (await fs.GetRecordAsync(VPath.Parse("/f")))!.AccessCount, "this instance sees every read at once");
        Assert.AreEqual(T0.AddSeconds(reads - 1), (await fs.GetRecordAsync(VPath.Parse("/f")))!.LastAccessUtc);
    }

    [TestMethod]
    public async Task Touch_ThenSetRecord_EarlierReadsDoNotAddToTheNewRecord()
    {
        var file = _dir.Combine("cache.db");
        var record = new CacheRecord(EntryKind.File, 1, null, null, T0, T0, T0, 10, Dirty: false);
        await using (var fs = await DbFiles.OpenAsync(file))
        {
            await fs.FillAsync("/f", "x", record with { AccessCount = 0 });
            await fs.FillAsync("/g", "y", record with { AccessCount = 0 });
            await fs.TouchAsync(VPath.Parse("/f"), T0);
            await fs.TouchAsync(VPath.Parse("/g"), T0);
            await fs.SetRecordAsync(VPath.Parse("/f"), record);
            await fs.DropAsync(VPath.Parse("/g"));
            await fs.FillAsync("/g", "again", record with { AccessCount = 0 });
            Assert.AreEqual(10L, (await fs.GetRecordAsync(VPath.Parse("/f")))!.AccessCount);
            Assert.AreEqual(0L, (await fs.GetRecordAsync(VPath.Parse("/g")))!.AccessCount);
        }
        await using var reopened = await DbFiles.OpenAsync(file);
        Assert.AreEqual(10L, (await reopened.GetRecordAsync(VPath.Parse("/f")))!.AccessCount);
        Assert.AreEqual(0L, (await reopened.GetRecordAsync(VPath.Parse("/g")))!.AccessCount);
    }

    [TestMethod]
    public async Task Fill_OverDirtyFile_RefusedAtCommitLeavesNoStagedContent()
    {
        var file = _dir.Combine("cache.db");
        await using var fs = await DbFiles.OpenAsync(file, new DbOpenOptions { ChunkSize = 4096 });
        var record = new CacheRecord(EntryKind.File, 0, null, null, T0, T0, T0, 0, Dirty: false);
        await fs.FillAsync("/f", "mine", record);
        var fill = await fs.OpenFillAsync(VPath.Parse("/f"), record);
        await fill.WriteAsync(new byte[10_000]);
        await fs.SetRecordAsync(VPath.Parse("/f"), record with { Dirty = true });

        await Ns.ThrowsNsAsync(Core.Errors.NsErrorKind.Conflict, () => fill.DisposeAsync());

        Assert.AreEqual("mine", await fs.ReadCachedTextAsync("/f"));
        Assert.AreEqual(0L, RawDb.Int64(file, "SELECT count(*) FROM contents WHERE staged_at IS NOT NULL"));
    }

    // Empty, one chunk, exactly a chunk, several chunks with a short last one.
    [TestMethod]
    [DataRow(0, 4096)]
    [DataRow(1, 4096)]
    [DataRow(4096, 4096)]
    [DataRow(10_000, 4096)]
    public async Task OpenCached_GivesEveryByte_WhateverTheSize(int size, int chunkSize)
    {
        await using var fs = await DbFiles.OpenAsync(_dir.Combine("cache.db"), new DbOpenOptions { ChunkSize = chunkSize });
        var content = new byte[size];
        new Random(size).NextBytes(content);
        var record = new CacheRecord(EntryKind.File, size, "\"o\"", T0, T0, T0, T0, 0, Dirty: false);
        await using (var fill = await fs.OpenFillAsync(VPath.Parse("/f"), record))
            await fill.WriteAsync(content);

        var cached = await fs.OpenCachedAsync(VPath.Parse("/f"));

        Assert.IsNotNull(cached);
        await using var read = new MemoryStream();
        await using (cached.Content) await cached.Content.CopyToAsync(read);
        CollectionAssert.AreEqual(content, read.ToArray());
        Assert.AreEqual(size, cached.Record.Size);
    }

    // A small copy comes whole with its record; a larger one is read in the snapshot its record was read in.
    [TestMethod]
    [DataRow(3_000, 1 << 20)]
    [DataRow(20_000, 4096)]
    [DataRow(100_000, 1 << 20)]
    public async Task OpenCached_CopyReplacedAndDroppedWhileRead_ReaderSeesTheCopyItOpenedWhole(int size, int chunkSize)
    {
        await using var fs = await DbFiles.OpenAsync(_dir.Combine("cache.db"), new DbOpenOptions { ChunkSize = chunkSize });
        var old = DbFiles.Pattern(size, 3);
        var record = new CacheRecord(EntryKind.File, size, "\"o1\"", T0, T0, T0, T0, 0, Dirty: false);
        await using (var fill = await fs.OpenFillAsync(VPath.Parse("/f"), record))
            await fill.WriteAsync(old);

        var cached = await fs.OpenCachedAsync(VPath.Parse("/f"));
        Assert.IsNotNull(cached);
        await using var stream = cached.Content;
        var first = new byte[1000];
        await stream.ReadExactlyAsync(first);
        await using (var fill = await fs.OpenFillAsync(VPath.Parse("/f"), record with { Size = size + 10, OriginETag = "\"o2\"" }))
            await fill.WriteAsync(DbFiles.Pattern(size + 10, 4));
        await fs.DropAsync(VPath.Root);
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);

        Assert.AreEqual(record, cached.Record);
        CollectionAssert.AreEqual(old, first.Concat(rest.ToArray()).ToArray());
    }

    [TestMethod]
    public async Task OpenCached_AFileWhoseChunkIsShort_IsAnErrorNamingTheDatabase()
    {
        var file = _dir.Combine("cache.db");
        await using var fs = await DbFiles.OpenAsync(file);
        var record = new CacheRecord(EntryKind.File, 5, "\"o\"", T0, T0, T0, T0, 0, Dirty: false);
        await using (var fill = await fs.OpenFillAsync(VPath.Parse("/f"), record))
            await fill.WriteAsync("hello"u8.ToArray());
        using (var connection = RawDb.Open(file))
        using (var cut = connection.CreateCommand())
        {
            cut.CommandText = "UPDATE chunks SET data = x'6865'";
            cut.ExecuteNonQuery();
        }

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, async Task () =>
        {
            var cached = await fs.OpenCachedAsync(VPath.Parse("/f"));
            await using var content = cached!.Content;
            await content.CopyToAsync(Stream.Null);
        });
        StringAssert.Contains(e.Message, file);
        StringAssert.Contains(e.Message, "damaged");
    }

    // The statements on the warm paths search an index; none scans a table (and no LIKE is involved).
    [TestMethod]
    [DataRow(Sql.ReadListing)]
    [DataRow(Sql.ReadListed)]
    [DataRow(Sql.FillTarget)]
    [DataRow(Sql.ScanChildren)]
    [DataRow(Sql.ScanTree)]
    [DataRow(Sql.ReadRecord)]
    [DataRow(Sql.TouchRecord)]
    [DataRow(Sql.DropFiles)]
    [DataRow(Sql.DropListings)]
    [DataRow(Sql.EvictFile)]
    public async Task QueryPlan_CacheStatements_UseIndexes(string sql)
    {
        var file = _dir.Combine("plan.db");
        await (await DbFiles.OpenAsync(file)).DisposeAsync();
        using var connection = RawDb.Open(file);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$path", "$parent", "$name", "$low", "$high", "$before", "$when", "$keep" }) command.Parameters.AddWithValue(name, DBNull.Value);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read()) plan.Add(reader.GetString(3));

        Assert.IsTrue(plan.Count > 0);
        foreach (var step in plan)
            Assert.IsFalse(step.StartsWith("SCAN", StringComparison.Ordinal) && !step.Contains("COVERING INDEX", StringComparison.Ordinal), string.Join(" | ", plan));
    }

    [TestMethod]
    public async Task QueryPlan_Measure_ReadsOnlyTheFileSizeIndex()
    {
        var file = _dir.Combine("plan.db");
        await (await DbFiles.OpenAsync(file)).DisposeAsync();
        var plan = RawDb.Column(file, "EXPLAIN QUERY PLAN " + Sql.Measure);
        StringAssert.Contains(string.Join(" | ", plan), "cache_entries_file_sizes");
    }
}
