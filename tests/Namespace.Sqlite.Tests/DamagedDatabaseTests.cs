using Namespace.Core.Errors;
using Namespace.Core.Providers;
using Namespace.Sqlite.Tests.Support;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests;

[TestClass]
public sealed class DamagedDatabaseTests
{
    private const int PageSize = 4096;
    private const byte Marker = 0xAB;
    private static readonly DateTimeOffset Now = new(2025, 6, 7, 8, 9, 10, TimeSpan.Zero);
    private const string Stamp = "20250607080910";
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task OpenAsync_RandomBytes_FailsNamingFileAndLeavesItUntouched()
    {
        var file = _dir.Combine("random.db");
        File.WriteAllBytes(file, DbFiles.Pattern(64 << 10, 1));

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => DbFileSystem.OpenAsync(file));

        StringAssert.StartsWith(e.Message, file + ": database is damaged");
        CollectionAssert.AreEqual(DbFiles.Pattern(64 << 10, 1), File.ReadAllBytes(file));
        CollectionAssert.AreEqual(new[] { file }, Directory.GetFiles(_dir.Path), "nothing made beside it");
    }

    [TestMethod]
    public async Task OpenAsync_RandomBytesWhenOnlyCleanMayMove_RefusesSinceNothingCanBeRead()
    {
        var file = _dir.Combine("random.db");
        File.WriteAllBytes(file, DbFiles.Pattern(64 << 10, 2));

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideIfClean)));

        StringAssert.Contains(e.Message, "cannot be read at all");
        CollectionAssert.AreEqual(DbFiles.Pattern(64 << 10, 2), File.ReadAllBytes(file));
    }

    [TestMethod]
    public async Task OpenAsync_RandomBytesWhenUnreadableMayMove_MovesAsideAndStartsFresh()
    {
        var file = _dir.Combine("random.db");
        File.WriteAllBytes(file, DbFiles.Pattern(64 << 10, 3));

        var result = await DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideUnlessDirty));
        await using var fs = result.FileSystem;

        Assert.AreEqual(file + ".corrupt-" + Stamp, result.MovedAsideTo);
        Assert.IsNotNull(result.Damage);
        Assert.IsTrue(result.Created);
        CollectionAssert.AreEqual(DbFiles.Pattern(64 << 10, 3), File.ReadAllBytes(result.MovedAsideTo!));
        await fs.WriteAsync("/fresh", "works");
        Assert.AreEqual("works", await fs.ReadTextAsync("/fresh"));
    }

    [TestMethod]
    public async Task OpenAsync_HeaderZeroedAfterRealWrites_FailsOrMovesAsideAsAllowed()
    {
        var file = _dir.Combine("zeroed.db");
        await CreateWithFilesAsync(file, dirty: false);
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write)) stream.Write(new byte[100]);
        var damaged = File.ReadAllBytes(file);

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => DbFileSystem.OpenAsync(file));
        StringAssert.StartsWith(e.Message, file + ": ");
        CollectionAssert.AreEqual(damaged, File.ReadAllBytes(file));

        var result = await DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideUnlessDirty));
        await using var fs = result.FileSystem;
        Assert.AreEqual(file + ".corrupt-" + Stamp, result.MovedAsideTo);
        CollectionAssert.AreEqual(damaged, File.ReadAllBytes(result.MovedAsideTo!));
        Assert.AreEqual(0, (await fs.NamesAsync("/")).Count);
    }

    [TestMethod]
    public async Task OpenAsync_TruncatedAfterRealWrite_FailsOrMovesAsideAsAllowed()
    {
        var file = _dir.Combine("truncated.db");
        await CreateWithFilesAsync(file, dirty: false);
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write)) stream.SetLength(stream.Length / 2);
        var damaged = File.ReadAllBytes(file);

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => DbFileSystem.OpenAsync(file));
        StringAssert.StartsWith(e.Message, file + ": database is damaged");
        // A truncated file cannot even show its schema, so a caller that allows only provably clean moves is refused.
        await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideIfClean)));
        CollectionAssert.AreEqual(damaged, File.ReadAllBytes(file));

        var result = await DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideUnlessDirty));
        await using var fs = result.FileSystem;
        Assert.AreEqual(file + ".corrupt-" + Stamp, result.MovedAsideTo);
        CollectionAssert.AreEqual(damaged, File.ReadAllBytes(result.MovedAsideTo!));
    }

    [TestMethod]
    public async Task OpenAsync_DamagedContentWithCleanEntries_MovesAsideWhenCleanMayMove()
    {
        var file = _dir.Combine("content.db");
        await CreateWithFilesAsync(file, dirty: false);
        BreakContentPage(file);
        var damaged = File.ReadAllBytes(file);

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => DbFileSystem.OpenAsync(file));
        StringAssert.Contains(e.Message, "damaged");

        var result = await DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideIfClean));
        await using var fs = result.FileSystem;
        Assert.AreEqual(file + ".corrupt-" + Stamp, result.MovedAsideTo);
        CollectionAssert.AreEqual(damaged, File.ReadAllBytes(result.MovedAsideTo!));
        Assert.AreEqual(0, (await fs.NamesAsync("/")).Count);
    }

    [TestMethod]
    public async Task OpenAsync_DamagedWithDirtyFiles_RefusesWithRecoveryAdviceAndLeavesFile()
    {
        var file = _dir.Combine("dirty.db");
        await CreateWithFilesAsync(file, dirty: true);
        BreakContentPage(file);
        var damaged = File.ReadAllBytes(file);

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideUnlessDirty)));

        StringAssert.StartsWith(e.Message, file + ": database is damaged");
        StringAssert.Contains(e.Message, "holds 1 changed file(s) not yet written to their origin");
        StringAssert.Contains(e.Message, ".recover");
        CollectionAssert.AreEqual(damaged, File.ReadAllBytes(file));
        Assert.AreEqual(0, Directory.GetFiles(_dir.Path, "*.corrupt-*").Length);
    }

    [TestMethod]
    public async Task OpenAsync_MovedAsideTwiceInOneSecond_KeepsBothCopies()
    {
        var file = _dir.Combine("twice.db");
        File.WriteAllBytes(file, DbFiles.Pattern(8192, 4));
        await (await DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideUnlessDirty))).FileSystem.DisposeAsync();
        File.WriteAllBytes(file, DbFiles.Pattern(8192, 5));

        var result = await DbFileSystem.OpenAsync(file, Options(DbDamagePolicy.MoveAsideUnlessDirty));
        await result.FileSystem.DisposeAsync();

        Assert.AreEqual(file + ".corrupt-" + Stamp + "-2", result.MovedAsideTo);
        CollectionAssert.AreEqual(DbFiles.Pattern(8192, 4), File.ReadAllBytes(file + ".corrupt-" + Stamp));
        CollectionAssert.AreEqual(DbFiles.Pattern(8192, 5), File.ReadAllBytes(result.MovedAsideTo!));
    }

    [TestMethod]
    public async Task OpenRead_DamageFoundAfterOpenWithoutVerify_ThrowsUnavailableNamingDatabase()
    {
        var file = _dir.Combine("late.db");
        await CreateWithFilesAsync(file, dirty: false);
        BreakContentPage(file);

        await using var fs = (await DbFileSystem.OpenAsync(file, new DbOpenOptions { VerifyOnOpen = false })).FileSystem;

        Assert.AreEqual("small", await fs.ReadTextAsync("/small"), "undamaged files still read");
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.ReadBytesAsync("/big"));
        Assert.AreEqual("/big", e.Path);
        StringAssert.Contains(e.Message, file);
        StringAssert.Contains(e.Message, "damaged");
    }

    private static DbOpenOptions Options(DbDamagePolicy policy) => new() { Damaged = policy, Time = new ManualTime(Now) };

    // A real database: a large file of marker bytes (many overflow pages), a small one, optionally one dirty.
    private static async Task CreateWithFilesAsync(string file, bool dirty)
    {
        await using (var fs = await DbFiles.OpenAsync(file))
        {
            var big = new byte[3 << 20];
            Array.Fill(big, Marker);
            await fs.WriteAsync("/big", big);
            await fs.WriteAsync("/small", "small");
            // A cache's change not yet written to its origin.
            if (dirty) await fs.FillAsync("/pending", "pending", new(EntryKind.File, 7, null, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, Dirty: true));
        }
        // Everything into the main file, so the damage below is the only copy.
        RawDb.Execute(file, "PRAGMA wal_checkpoint(TRUNCATE)");
        Assert.IsTrue(!File.Exists(file + "-wal") || new FileInfo(file + "-wal").Length == 0);
    }

    // Points the chain of one overflow page of /big's content at a page that does not exist.
    private static void BreakContentPage(string file)
    {
        var bytes = File.ReadAllBytes(file);
        for (var page = bytes.Length / PageSize / 2; page < bytes.Length / PageSize; page++)
        {
            var span = bytes.AsSpan(page * PageSize, PageSize);
            if (span[4..].IndexOfAnyExcept(Marker) >= 0) continue;
            span[..4].Fill(0x7F);
            File.WriteAllBytes(file, bytes);
            return;
        }
        Assert.Fail("no overflow page of /big found");
    }
}
