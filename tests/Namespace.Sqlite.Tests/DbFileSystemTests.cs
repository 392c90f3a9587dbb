using System.Text;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Sqlite.Storage;
using Namespace.Sqlite.Tests.Support;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests;

[TestClass]
public sealed class DbFileSystemTests
{
    private static readonly DbOpenOptions SmallChunks = new() { ChunkSize = 4096 };
    private readonly TempDirectory _dir = new();
    private readonly List<DbFileSystem> _open = [];

    [TestCleanup]
    public async Task Cleanup()
    {
        foreach (var fs in _open) await fs.DisposeAsync();
        _dir.Dispose();
    }

    [TestMethod]
    public async Task List_NamesWithWildcardsAndQuotes_ListsOnlyThatDirectory()
    {
        var fs = await OpenAsync();
        string[] tricky = ["a%", "a_", "a[", "a[]", "it's", "say \"hi\"", "back\\slash", "a*", "a?"];
        foreach (var name in tricky)
        {
            await fs.MkdirAsync("/" + name);
            await fs.WriteAsync($"/{name}/inside", name);
        }
        // Neighbours a LIKE pattern or a careless prefix test would catch.
        await fs.MkdirAsync("/ab");
        await fs.WriteAsync("/ab/inside", "ab");
        await fs.WriteAsync("/a%b", "file");
        await fs.WriteAsync("/a_.txt", "file");

        foreach (var name in tricky)
        {
            CollectionAssert.AreEqual(new[] { "inside" }, await fs.NamesAsync("/" + name), name);
            Assert.AreEqual(name, await fs.ReadTextAsync($"/{name}/inside"));
        }
        (string Name, string Shown)[] expected = [.. tricky.Select(n => (n, n + "/")), ("a%b", "a%b"), ("a_.txt", "a_.txt"), ("ab", "ab/")];
        CollectionAssert.AreEqual(expected.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => e.Shown).ToArray(), await fs.NamesAsync("/"));
    }

    [TestMethod]
    public async Task Delete_RecursiveOnWildcardName_LeavesLookalikeNeighbours()
    {
        var fs = await OpenAsync();
        foreach (var dir in new[] { "/a_", "/ab", "/a_b", "/a_/x" }) await fs.MkdirAsync(dir);
        await fs.WriteAsync("/a_/x/f", "gone");
        await fs.WriteAsync("/ab/f", "kept");
        await fs.WriteAsync("/a_b/f", "kept");

        await fs.DeleteAsync(VPath.Parse("/a_"), recursive: true);

        CollectionAssert.AreEqual(new[] { "a_b/", "ab/" }, await fs.NamesAsync("/"));
        Assert.AreEqual("kept", await fs.ReadTextAsync("/ab/f"));
        Assert.AreEqual("kept", await fs.ReadTextAsync("/a_b/f"));
        Assert.AreEqual(2L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM contents"), "the removed file's content went with it");
    }

    [TestMethod]
    public async Task List_NamesBeyondBasicPlane_SortedByUtf16CodeUnitsLikeCompareOrdinal()
    {
        var fs = await OpenAsync();
        // U+FB01 (one UTF-16 unit, 0xFB01) against U+1F600 (surrogates 0xD83D 0xDE00): ordinal puts the emoji
        // first, while UTF-8 byte order (EF AC 81 vs F0 9F 98 80) would put it last.
        string[] names = ["\uFB01", "\U0001F600", "z", "\u00E9", "A"];
        foreach (var name in names) await fs.WriteAsync("/" + name, name);

        CollectionAssert.AreEqual(names.Order(StringComparer.Ordinal).ToArray(), await fs.NamesAsync("/"));
    }

    [TestMethod]
    public async Task Write_NameWithLoneSurrogate_IsRefusedBeforeItCanMergeWithReplacementCharacter()
    {
        // SQLite would store a lone surrogate as U+FFFD; VPath refuses such names, so they never reach the database.
        var fs = await OpenAsync();
        await fs.WriteAsync("/a\uFFFD", "replacement character: a real name");
        var e = Assert.ThrowsExactly<NamespaceException>(() => VPath.Parse("/a" + '\uD800'));
        Assert.AreEqual(NsErrorKind.InvalidPath, e.Kind);
        Assert.AreEqual("replacement character: a real name", await fs.ReadTextAsync("/a\uFFFD"));
        await fs.WriteAsync("/\U0001F600", "a valid pair is fine");
        Assert.AreEqual("a valid pair is fine", await fs.ReadTextAsync("/\U0001F600"));
    }

    [TestMethod]
    public async Task List_Query_IsOneSearchOfTheParentIndex()
    {
        var fs = await OpenAsync();
        var plan = RawDb.Column(fs.DatabasePath, "EXPLAIN QUERY PLAN " + Sql.List.Replace("$parent", "'/'"));
        Assert.AreEqual(1, plan.Count, string.Join(" | ", plan));
        StringAssert.Contains(plan[0], "USING INDEX entries_by_parent (parent=?)");
    }

    [TestMethod]
    public async Task Reopen_AfterChanges_KeepsTreeContentAndETags()
    {
        var file = _dir.Combine("keep.db");
        string? etag;
        await using (var fs = await DbFiles.OpenAsync(file, SmallChunks))
        {
            await fs.MkdirAsync("/d");
            await fs.MkdirAsync("/d/e");
            await fs.WriteAsync("/d/e/big", DbFiles.Pattern(10_000, 1));
            await fs.WriteAsync("/d/small", "small");
            await fs.MoveAsync(VPath.Parse("/d/small"), VPath.Parse("/moved"));
            await fs.WriteAsync("/gone", "x");
            await fs.DeleteAsync(VPath.Parse("/gone"), recursive: false);
            etag = (await fs.StatAsync(VPath.Parse("/d/e/big")))!.ETag;
        }

        var result = await DbFileSystem.OpenAsync(file);
        await using var reopened = result.FileSystem;

        Assert.IsFalse(result.Created);
        Assert.AreEqual(DbSchema.CurrentVersion, result.PreviousSchemaVersion);
        CollectionAssert.AreEqual(new[] { "d/", "moved" }, await reopened.NamesAsync("/"));
        CollectionAssert.AreEqual(DbFiles.Pattern(10_000, 1), await reopened.ReadBytesAsync("/d/e/big"));
        Assert.AreEqual("small", await reopened.ReadTextAsync("/moved"));
        Assert.AreEqual(etag, (await reopened.StatAsync(VPath.Parse("/d/e/big")))!.ETag);
    }

    [TestMethod]
    public async Task OpenRead_SeekAcrossChunkBoundary_ReadsThatRange()
    {
        var fs = await OpenAsync(SmallChunks);
        var content = DbFiles.Pattern(10_000, 2);
        await fs.WriteAsync("/f", content);

        await using var stream = await fs.OpenReadAsync(VPath.Parse("/f"));
        Assert.IsTrue(stream.CanSeek);
        Assert.AreEqual(10_000, stream.Length);
        stream.Seek(4090, SeekOrigin.Begin);
        var range = new byte[20];
        await stream.ReadExactlyAsync(range);
        CollectionAssert.AreEqual(content[4090..4110], range);
        stream.Position = 9_995;
        Assert.AreEqual(5, await stream.ReadAtLeastAsync(new byte[100], 100, throwOnEndOfStream: false));
        stream.Seek(-10_000, SeekOrigin.End);
        Assert.AreEqual(content[0], (byte)stream.ReadByte());
    }

    [TestMethod]
    public async Task OpenRead_FileReplacedAndRemovedWhileReading_ReaderSeesOldContentWhole()
    {
        var fs = await OpenAsync(SmallChunks);
        var old = DbFiles.Pattern(20_000, 3);
        await fs.WriteAsync("/f", old);

        await using var stream = await fs.OpenReadAsync(VPath.Parse("/f"));
        var first = new byte[5000];
        await stream.ReadExactlyAsync(first);
        await fs.WriteAsync("/f", DbFiles.Pattern(30_000, 4));
        await fs.DeleteAsync(VPath.Parse("/f"), recursive: false);
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);

        CollectionAssert.AreEqual(old, first.Concat(rest.ToArray()).ToArray());
    }

    [TestMethod]
    public async Task OpenWrite_AppendToMultiChunkFile_KeepsOldBytesThenNew()
    {
        var fs = await OpenAsync(SmallChunks);
        var first = DbFiles.Pattern(9_000, 5);
        var second = DbFiles.Pattern(7_000, 6);
        await fs.WriteAsync("/log", first);

        await fs.WriteAsync("/log", second, WriteMode.Append);

        CollectionAssert.AreEqual(first.Concat(second).ToArray(), await fs.ReadBytesAsync("/log"));
        Assert.AreEqual(16_000, (await fs.StatAsync(VPath.Parse("/log")))!.Size);
        Assert.AreEqual(1L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM contents"), "the old content was dropped");
    }

    [TestMethod]
    public async Task OpenWrite_AppendsOpenAtOnceThroughTwoInstances_KeepEveryAppendedByte()
    {
        // Two instances are two connection pools, as two processes have: each append must land after the other's.
        var file = _dir.Combine("shared.db");
        var one = await OpenAsync(SmallChunks, file);
        var two = await OpenAsync(SmallChunks, file);
        var start = DbFiles.Pattern(9_000, 1);
        var first = DbFiles.Pattern(6_000, 2);
        var second = DbFiles.Pattern(5_000, 3);
        await one.WriteAsync("/log", start);

        await using (var slow = await one.OpenWriteAsync(VPath.Parse("/log"), WriteMode.Append))
        {
            await slow.WriteAsync(first);
            await two.WriteAsync("/log", second, WriteMode.Append);
        }

        CollectionAssert.AreEqual(start.Concat(second).Concat(first).ToArray(), await one.ReadBytesAsync("/log"));
        Assert.AreEqual(start.Length + first.Length + second.Length, (await two.StatAsync(VPath.Parse("/log")))!.Size);
        Assert.AreEqual(1L, RawDb.Int64(file, "SELECT count(*) FROM contents"), "neither staged nor replaced content is left");
    }

    [TestMethod]
    public async Task OpenWrite_AppendOpenWhileAnotherInstanceCreatesAndReplacesTheFile_AppendsToWhatIsThereAtClose()
    {
        var file = _dir.Combine("shared.db");
        var one = await OpenAsync(SmallChunks, file);
        var two = await OpenAsync(new DbOpenOptions { ChunkSize = 8192 }, file);

        await using (var append = await one.OpenWriteAsync(VPath.Parse("/log"), WriteMode.Append))
        {
            await append.WriteAsync(Encoding.UTF8.GetBytes("mine\n"));
            await two.WriteAsync("/log", "created meanwhile\n", WriteMode.Append);
            await two.WriteAsync("/log", new string('r', 10_000) + "\n");
        }

        Assert.AreEqual(new string('r', 10_000) + "\nmine\n", await one.ReadTextAsync("/log"));
        Assert.AreEqual(1L, RawDb.Int64(file, "SELECT count(*) FROM contents"));
    }

    [TestMethod]
    public async Task OpenWrite_AbortedAfterChunksWereStaged_LeavesOldFileAndNoStagedData()
    {
        var fs = await OpenAsync(SmallChunks);
        await fs.WriteAsync("/f", "old");
        await using (var stream = await fs.OpenWriteAsync(VPath.Parse("/f"), WriteMode.Replace))
        {
            await stream.WriteAsync(DbFiles.Pattern(50_000, 7));
            Assert.AreEqual(1L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM contents WHERE staged_at IS NOT NULL"));
            stream.Abort();
        }

        Assert.AreEqual("old", await fs.ReadTextAsync("/f"));
        Assert.AreEqual(1L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM contents"));
        Assert.AreEqual(1L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM chunks"));
    }

    [TestMethod]
    public async Task OpenWrite_SyncDispose_CommitsLikeAsync()
    {
        var fs = await OpenAsync(SmallChunks);
        var content = DbFiles.Pattern(9_000, 8);
        using (var stream = await fs.OpenWriteAsync(VPath.Parse("/sync"), WriteMode.CreateNew))
        {
            stream.Write(content, 0, content.Length);
        }

        CollectionAssert.AreEqual(content, await fs.ReadBytesAsync("/sync"));
    }

    [TestMethod]
    public async Task OpenWrite_CreateNewRacedByAnotherWriter_CommitThrowsExistsAndKeepsWinner()
    {
        var fs = await OpenAsync();
        var loser = await fs.OpenWriteAsync(VPath.Parse("/f"), WriteMode.CreateNew);
        await loser.WriteAsync("loser"u8.ToArray());
        await fs.WriteAsync("/f", "winner");

        await Ns.ThrowsNsAsync(NsErrorKind.Exists, () => loser.DisposeAsync());

        Assert.AreEqual("winner", await fs.ReadTextAsync("/f"));
        Assert.AreEqual(1L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM contents"));
    }

    [TestMethod]
    public async Task OpenWrite_ParentRemovedBeforeCommit_ThrowsNotFoundAndStagesNothing()
    {
        var fs = await OpenAsync(SmallChunks);
        await fs.MkdirAsync("/d");
        var stream = await fs.OpenWriteAsync(VPath.Parse("/d/f"), WriteMode.Replace);
        await stream.WriteAsync(DbFiles.Pattern(10_000, 9));
        await fs.DeleteAsync(VPath.Parse("/d"), recursive: true);

        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => stream.DisposeAsync());

        Assert.AreEqual("/d", e.Path);
        Assert.AreEqual(0L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM contents"));
    }

    [TestMethod]
    public async Task Move_DirectoryTree_MovesEveryDescendantAndKeepsContent()
    {
        var fs = await OpenAsync();
        await fs.MkdirAsync("/src");
        await fs.MkdirAsync("/src/a");
        await fs.MkdirAsync("/src/a/b");
        await fs.WriteAsync("/src/a/b/deep", "deep");
        await fs.WriteAsync("/src/top", "top");
        await fs.WriteAsync("/src-sibling", "stays");
        await fs.MkdirAsync("/dst");

        await fs.MoveAsync(VPath.Parse("/src"), VPath.Parse("/dst/moved"));

        CollectionAssert.AreEqual(new[] { "dst/", "src-sibling" }, await fs.NamesAsync("/"));
        CollectionAssert.AreEqual(new[] { "a/", "top" }, await fs.NamesAsync("/dst/moved"));
        Assert.AreEqual("deep", await fs.ReadTextAsync("/dst/moved/a/b/deep"));
        Assert.AreEqual("stays", await fs.ReadTextAsync("/src-sibling"));
        Assert.AreEqual(0L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM pragma_foreign_key_check"));
        Assert.AreEqual(0L, RawDb.Int64(fs.DatabasePath, "SELECT count(*) FROM entries WHERE path LIKE '/src/%'"));
    }

    [TestMethod]
    public async Task Move_OntoEmptyDirectoryOrFile_ReplacesOrRefusesLikeUnix()
    {
        var fs = await OpenAsync();
        await fs.MkdirAsync("/d");
        await fs.WriteAsync("/d/f", "f");
        await fs.MkdirAsync("/empty");
        await fs.MkdirAsync("/full");
        await fs.WriteAsync("/full/x", "x");
        await fs.WriteAsync("/file", "file");

        await Ns.ThrowsNsAsync(NsErrorKind.NotEmpty, () => fs.MoveAsync(VPath.Parse("/d"), VPath.Parse("/full")));
        await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => fs.MoveAsync(VPath.Parse("/d"), VPath.Parse("/file")));
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => fs.MoveAsync(VPath.Parse("/file"), VPath.Parse("/empty")));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => fs.MoveAsync(VPath.Parse("/file"), VPath.Parse("/missing/x")));
        await fs.MoveAsync(VPath.Parse("/d"), VPath.Parse("/empty"));

        Assert.AreEqual("f", await fs.ReadTextAsync("/empty/f"));
        Assert.IsNull(await fs.StatAsync(VPath.Parse("/d")));
    }

    [TestMethod]
    public async Task RootAndMissingPaths_GiveVocabularyErrorsWithProviderPaths()
    {
        var fs = await OpenAsync();
        await fs.WriteAsync("/file", "x");

        Assert.IsTrue((await fs.StatAsync(VPath.Root))!.IsDirectory);
        Assert.IsNull(await fs.StatAsync(VPath.Parse("/file/below")));
        Assert.AreEqual("/", (await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => fs.DeleteAsync(VPath.Root, recursive: true))).Path);
        Assert.AreEqual("/", (await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => fs.MoveAsync(VPath.Root, VPath.Parse("/x")))).Path);
        Assert.AreEqual("/", (await Ns.ThrowsNsAsync(NsErrorKind.Exists, () => fs.CreateDirectoryAsync(VPath.Root))).Path);
        Assert.AreEqual("/", (await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => fs.OpenWriteAsync(VPath.Root, WriteMode.Replace))).Path);
        Assert.AreEqual("/file", (await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => fs.CreateDirectoryAsync(VPath.Parse("/file/d")))).Path);
        Assert.AreEqual("/nope", (await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => fs.OpenReadAsync(VPath.Parse("/nope")))).Path);
        Assert.AreEqual("/nope", (await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => fs.NamesAsync("/nope"))).Path);
        Assert.AreEqual("/file", (await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => fs.NamesAsync("/file"))).Path);
    }

    [TestMethod]
    public async Task Records_AreTheCachesOnly_AndDirtyOnesAreCounted()
    {
        var time = new ManualTime(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var fs = await OpenAsync(new DbOpenOptions { Time = time });
        await fs.WriteAsync("/plain", "p");
        Assert.IsNull(await fs.GetRecordAsync(VPath.Parse("/plain")), "a file of the tree is no copy");
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => fs.SetRecordAsync(VPath.Parse("/plain"), Record(time.Now) with { Dirty = true }).AsTask());

        await using (var stream = await fs.OpenFillAsync(VPath.Parse("/filled"), Record(time.Now.AddMinutes(-5))))
        {
            await stream.WriteAsync("x"u8.ToArray());
            Assert.IsNull(await fs.GetRecordAsync(VPath.Parse("/filled")), "the record comes with the commit, not before");
        }
        await fs.SetRecordAsync(VPath.Parse("/filled"), Record(time.Now.AddMinutes(-5)) with { OriginETag = "\"o1\"", Dirty = true });

        Assert.AreEqual(1L, await fs.CountDirtyAsync());
        Assert.AreEqual(time.Now.AddMinutes(-5), (await fs.GetRecordAsync(VPath.Parse("/filled")))!.ValidatedUtc);
        Assert.IsNull(await fs.StatAsync(VPath.Parse("/filled")), "a copy is no file of the tree");

        static CacheRecord Record(DateTimeOffset validated) => new(EntryKind.File, 1, null, null, validated, validated, validated, 0, Dirty: false);
    }

    [TestMethod]
    public async Task OpenAsync_StagedWriteLeftOpenPastExpiry_IsSweptAndItsCommitFailsClearly()
    {
        var file = _dir.Combine("sweep.db");
        var time = new ManualTime(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var fs = await OpenAsync(new DbOpenOptions { ChunkSize = 4096, Time = time }, file);
        var stream = await fs.OpenWriteAsync(VPath.Parse("/slow"), WriteMode.Replace);
        await stream.WriteAsync(DbFiles.Pattern(10_000, 10));
        Assert.AreEqual(1L, RawDb.Int64(file, "SELECT count(*) FROM contents WHERE staged_at IS NOT NULL"));

        time.Now = time.Now.AddDays(2);
        await (await DbFiles.OpenAsync(file, new DbOpenOptions { Time = time })).DisposeAsync();

        Assert.AreEqual(0L, RawDb.Int64(file, "SELECT count(*) FROM contents"));
        Assert.AreEqual(0L, RawDb.Int64(file, "SELECT count(*) FROM chunks"));
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => stream.DisposeAsync());
        StringAssert.Contains(e.Message, "expired");
        Assert.IsNull(await fs.StatAsync(VPath.Parse("/slow")));
    }

    [TestMethod]
    public async Task Dispose_ThenUse_ThrowsUnavailableSayingClosed()
    {
        var fs = await DbFiles.OpenAsync(_dir.Combine("closed.db"));
        await fs.DisposeAsync();

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.StatAsync(VPath.Parse("/x")));
        StringAssert.Contains(e.Message, "closed");
    }

    [TestMethod]
    public async Task Dispose_WhileAnotherInstanceHasTheFileOpen_LeavesEveryCommitInTheDatabaseFileItself()
    {
        var file = _dir.Combine("w.db");
        var other = await OpenAsync(file: file);
        await other.WriteAsync("/other", "theirs");
        var fs = await DbFiles.OpenAsync(file);
        await fs.WriteAsync("/important", "x");

        await fs.DisposeAsync();

        // Copying the database file alone (as users do) keeps what was written: nothing is left only in its WAL.
        var copy = _dir.Combine("copy.db");
        File.Copy(file, copy);
        Assert.AreEqual(0L, new FileInfo(file + "-wal").Length, "the WAL was checkpointed and truncated");
        var copied = await OpenAsync(file: copy);
        Assert.AreEqual("x", await copied.ReadTextAsync("/important"));
        Assert.AreEqual("theirs", await copied.ReadTextAsync("/other"));
    }

    [TestMethod]
    public async Task Delete_OfMostOfTheData_ShrinksTheDatabaseFile()
    {
        var file = _dir.Combine("shrink.db");
        var fs = await OpenAsync(file: file);
        await fs.WriteAsync("/keep", "small");
        for (var i = 0; i < 8; i++) await fs.WriteAsync($"/big{i}", DbFiles.Pattern(1 << 20, i));
        var full = DatabaseBytes(file);

        for (var i = 0; i < 8; i++) await fs.DeleteAsync(VPath.Parse($"/big{i}"), recursive: false);

        Assert.IsTrue(DatabaseBytes(file) < full / 4, $"{full} bytes before, {DatabaseBytes(file)} after");
        Assert.AreEqual("small", await fs.ReadTextAsync("/keep"));
        await fs.DisposeAsync();
        Assert.IsTrue(new FileInfo(file).Length < full / 4, "and the file itself, once its WAL is checkpointed");
    }

    [TestMethod]
    public async Task Purge_OfMostOfACachesCopies_ShrinksTheDatabaseFile()
    {
        var file = _dir.Combine("cache.db");
        var fs = await OpenAsync(file: file);
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 8; i++)
        {
            await using var fill = await fs.OpenFillAsync(VPath.Parse($"/c/big{i}"), new CacheRecord(EntryKind.File, 1 << 20, "\"o\"", t0, t0, t0, t0, 0, Dirty: false));
            await fill.WriteAsync(DbFiles.Pattern(1 << 20, i));
        }
        var full = DatabaseBytes(file);

        await fs.DropAsync(VPath.Parse("/c"));

        Assert.IsTrue(DatabaseBytes(file) < full / 4, $"{full} bytes before, {DatabaseBytes(file)} after");
    }

    [TestMethod]
    public async Task Dispose_AfterDeletingLessThanIsGivenBackAtOnce_GivesTheFreePagesBack()
    {
        var file = _dir.Combine("small.db");
        var fs = await OpenAsync(file: file);
        for (var i = 0; i < 8; i++) await fs.WriteAsync($"/f{i}", DbFiles.Pattern(1 << 20, i));
        await fs.DeleteAsync(VPath.Parse("/f0"), recursive: false);
        var free = RawDb.Int64(file, "PRAGMA freelist_count");
        Assert.IsTrue(free > 0, "one file of eight is not enough to shrink the file at once");

        await fs.DisposeAsync();

        Assert.AreEqual(0L, RawDb.Int64(file, "PRAGMA freelist_count"));
    }

    [TestMethod]
    public async Task Source_IsDbWithFullPath()
    {
        var fs = await OpenAsync();
        Assert.AreEqual(new MountSource("db", fs.DatabasePath), fs.Source);
        Assert.IsTrue(Path.IsPathFullyQualified(fs.DatabasePath));
        await fs.WriteAsync("/f", "x");
        Assert.AreEqual("db:" + fs.DatabasePath, (await fs.StatAsync(VPath.Parse("/f")))!.ServedBy);
        Assert.IsTrue(fs.Capabilities.HasFlag(ProviderCapabilities.Ranges | ProviderCapabilities.Watch | ProviderCapabilities.Mutate));
    }

    // The database's size as its pages say (what the file is once its WAL is checkpointed).
    private static long DatabaseBytes(string file) => RawDb.Int64(file, "PRAGMA page_count") * RawDb.Int64(file, "PRAGMA page_size");

    private async Task<DbFileSystem> OpenAsync(DbOpenOptions? options = null, string? file = null)
    {
        var fs = await DbFiles.OpenAsync(file ?? _dir.Combine(Guid.NewGuid().ToString("N") + ".db"), options);
        _open.Add(fs);
        return fs;
    }
}
