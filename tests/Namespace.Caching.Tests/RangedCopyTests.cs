using Namespace.Core.Paths;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

namespace Namespace.Caching.Tests;

/// <summary>
/// Large files through a cache element: a reader fetches only the ranges it reads (plus read-ahead) from an origin that
/// serves ranges, those ranges are warm afterwards, and a changed origin never mixes its bytes with the old version's.
/// </summary>
[TestClass]
public sealed class RangedCopyTests
{
    private const long GiB = 1L << 30;
    private const long MiB = 1L << 20;

    // A sparse file of `size` bytes on the origin's disk, with distinct bytes in [markAt, markAt + markLength) (over what
    // the file held there when `keep`).
    private static byte[] MakeSparse(string file, long size, long markAt, int markLength, int seed = 1, bool keep = false)
    {
        var mark = new byte[markLength];
        new Random(seed).NextBytes(mark);
        using var stream = new FileStream(file, keep ? FileMode.Open : FileMode.Create, FileAccess.Write);
        stream.SetLength(size);
        stream.Position = markAt;
        stream.Write(mark);
        return mark;
    }

    private static async Task<byte[]> WriteRandomAsync(HttpOrigin o, string name, int size, int seed)
    {
        var data = RangedReads.Random(size, seed);
        await File.WriteAllBytesAsync(o.OriginFile(name), data);
        return data;
    }

    private static ShellSession ShellOver(HttpOrigin o) =>
        new(o.Os, StandardBuiltins.Table(), new MountTypeRegistry().AddCoreTypes(), hostDirectory: null);

    private static async Task<byte[]> ReadAtAsync(HttpOrigin o, string path, long offset, int count)
    {
        await using var stream = await o.Os.OpenReadAsync(path);
        Assert.IsTrue(stream.CanSeek, "a large file through the cache is seekable");
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    [TestMethod]
    [DataRow(true, DisplayName = "dbfs")]
    [DataRow(false, DisplayName = "memfs")]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Dd_OneMiBInTheMiddleOfAGiBFile_FetchesAtMostEightMiB_AndTheSameCommandAgainFetchesNothing(bool db)
    {
        await using var o = await HttpOrigin.StartAsync(db: db, events: false, requestTimeout: RangedReads.Patient); // the file's creation, heard late, would drop the ranges
        var mark = MakeSparse(o.OriginFile("huge.bin"), GiB, 512 * MiB, (int)MiB);
        var shell = ShellOver(o);
        var output = new MemoryStream();

        var status = await shell.RunAsync("dd -if /web/huge.bin -bs 4096 -iseek 131072 -count 256", "test", new ShellIO(Stream.Null, output, Stream.Null));

        Assert.AreEqual("", status);
        CollectionAssert.AreEqual(mark, output.ToArray(), "the bytes at 512 MiB");
        var first = o.Proxy.BodyBytes;
        Assert.IsTrue(first >= MiB && first <= 8 * MiB, $"the origin sent {first} bytes for 1 MiB read");

        output.SetLength(0);
        status = await shell.RunAsync("dd -if /web/huge.bin -bs 4096 -iseek 131072 -count 256", "test", new ShellIO(Stream.Null, output, Stream.Null));

        Assert.AreEqual("", status);
        CollectionAssert.AreEqual(mark, output.ToArray());
        Assert.AreEqual(first, o.Proxy.BodyBytes, "the second run is served by the cache alone");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task RangesRead_AreWarmAfterARestart_AndTheCacheHoldsOnlyThem()
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient); // the file's creation, heard late, would drop the ranges
        var mark = MakeSparse(o.OriginFile("huge.bin"), 256 * MiB, 100 * MiB, 4096);
        CollectionAssert.AreEqual(mark, await ReadAtAsync(o, "/web/huge.bin", 100 * MiB, 4096));
        await o.RestartAsync();
        var before = o.Proxy.BodyBytes;

        CollectionAssert.AreEqual(mark, await ReadAtAsync(o, "/web/huge.bin", 100 * MiB, 4096));

        Assert.AreEqual(before, o.Proxy.BodyBytes, "served from the ranges kept");
        var held = await o.Store.GetRangesAsync(VPath.Parse("/huge.bin"));
        Assert.IsTrue(held.Sum(r => r.Length) <= 8 * MiB, $"the cache holds {held.Sum(r => r.Length)} bytes of a 256 MiB file");
        Assert.IsTrue(held.Any(r => r.Offset <= 100 * MiB && r.End >= 100 * MiB + 4096));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AChangedOrigin_NeverMixesWithTheOldVersionsRanges()
    {
        await using var o = await HttpOrigin.StartAsync(options: "ttl=1s", events: false, requestTimeout: RangedReads.Patient); // no change event: versions alone keep them apart
        var file = o.OriginFile("huge.bin");
        var oldMark = MakeSparse(file, 64 * MiB, 10 * MiB, 4096, seed: 1);
        CollectionAssert.AreEqual(oldMark, await ReadAtAsync(o, "/web/huge.bin", 10 * MiB, 4096));
        var newMark = MakeSparse(file, 64 * MiB, 10 * MiB, 4096, seed: 2);
        MakeSparse(file, 64 * MiB, 40 * MiB, 4096, seed: 3, keep: true);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(5));
        o.Clock.Advance(TimeSpan.FromSeconds(5));

        CollectionAssert.AreEqual(newMark, await ReadAtAsync(o, "/web/huge.bin", 10 * MiB, 4096), "the new version's bytes, not the kept ones");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ReadingALargeFileThroughToTheEnd_GivesEveryByte_AndLeavesAWholeCopy()
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient); // the file's creation, heard late, would drop the ranges
        var data = await WriteRandomAsync(o, "big.bin", (int)(40 * MiB + 123), 5);

        await using (var stream = await o.Os.OpenReadAsync("/web/big.bin"))
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.IsTrue(data.AsSpan().SequenceEqual(copy.ToArray()), "every byte, in order");
        }
        var record = await o.RecordAsync("/big.bin");
        Assert.IsNotNull(record);
        Assert.IsFalse(record.Partial, "every block read: a whole copy");
        Assert.AreEqual(data.Length, o.Proxy.BodyBytes, "each byte sent once: none by an answer closed before its end");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    [DataRow(false, DisplayName = "with ETags")]
    [DataRow(true, DisplayName = "without ETags (the rest asked for If-Unmodified-Since)")]
    public async Task AFileOfAFewBlocks_IsFetchedWholeInTwoAnswers_EachByteSentOnce_AndKeptWhole(bool noETags)
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient); // the file's creation, heard late, would drop the copy
        o.Proxy.NoETags = noETags;
        var data = await WriteRandomAsync(o, "mid.bin", (int)(5 * MiB + 7), 6);

        var copy = new MemoryStream();
        await using (var stream = await o.Os.OpenReadAsync("/web/mid.bin"))
            await stream.CopyToAsync(copy);

        Assert.IsTrue(data.AsSpan().SequenceEqual(copy.ToArray()), "every byte, in order");
        Assert.AreEqual(data.Length, o.Proxy.BodyBytes, "each byte sent once");
        Assert.AreEqual(2, o.Proxy.Gets("/mid.bin"), "the first block, then the rest");
        var record = await o.RecordAsync("/mid.bin");
        Assert.IsNotNull(record);
        Assert.IsFalse(record.Partial, "a whole copy");
        Assert.AreEqual(data.Length, record.Size);
        var again = await o.Os.ReadAllBytesAsync("/web/mid.bin");
        Assert.IsTrue(data.AsSpan().SequenceEqual(again), "served again");
        Assert.AreEqual(data.Length, o.Proxy.BodyBytes, "by the copy alone");
    }

    // The file changes after its first block was sent and before the rest is asked for: the rest's If-Match fails, and
    // the reader gets the new version whole, never the old first block followed by the new rest.
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AFileOfAFewBlocks_ChangedBetweenItsTwoAnswers_IsReadAsOneVersion()
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient);
        var file = o.OriginFile("mid.bin");
        await WriteRandomAsync(o, "mid.bin", (int)(3 * MiB), 8);
        o.Proxy.HoldNextAnswer("/mid.bin", "GET 206");

        var reading = o.Os.ReadAllBytesAsync("/web/mid.bin").AsTask();
        await Task.WhenAny(o.Proxy.HeldAnswer.Reached, reading).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.IsFalse(reading.IsCompleted, "the first answer was held");
        var changed = await WriteRandomAsync(o, "mid.bin", (int)(3 * MiB), 9);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(5));
        o.Proxy.HeldAnswer.Open();
        var read = await reading.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.IsTrue(changed.AsSpan().SequenceEqual(read), "the new version, whole");
        CollectionAssert.Contains(o.Proxy.Answers("/mid.bin").ToArray(), "GET 412", "the rest was asked for of the first version: " + string.Join(", ", o.Proxy.Answers("/mid.bin")));
        var record = await o.RecordAsync("/mid.bin");
        Assert.IsTrue(record is null || record.Size == changed.Length && !record.Partial);
    }

    [TestMethod]
    [DataRow(true, DisplayName = "dbfs")]
    [DataRow(false, DisplayName = "memfs")]
    public async Task AnEmptyFile_IsOneRequest_AndKept(bool db)
    {
        await using var o = await HttpOrigin.StartAsync(files: new Dictionary<string, string> { ["/empty"] = "" }, db: db);

        Assert.AreEqual("", await o.Os.ReadAllTextAsync("/web/empty"));
        Assert.AreEqual("", await o.Os.ReadAllTextAsync("/web/empty"));

        CollectionAssert.AreEqual(new[] { "GET 416" }, o.Proxy.Answers("/empty").ToArray(), "the origin's answer said the file is empty; the second read was the copy's");
        Assert.AreEqual(0, o.Proxy.Heads("/empty"));
        Assert.AreEqual(0L, (await o.RecordAsync("/empty"))?.Size);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AStaleWholeCopy_OfAFileThatGrewLarge_FetchesOnlyItsFirstBlockAndWhatIsRead()
    {
        await using var o = await HttpOrigin.StartAsync(options: "ttl=1s", events: false, requestTimeout: RangedReads.Patient);
        var file = o.OriginFile("grows.bin");
        await File.WriteAllTextAsync(file, "small\n");
        Assert.AreEqual("small\n", await o.Os.ReadAllTextAsync("/web/grows.bin"));
        var mark = MakeSparse(file, 256 * MiB, 100 * MiB, 4096, seed: 4);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(5));
        o.Clock.Advance(TimeSpan.FromSeconds(5));
        var before = o.Proxy.BodyBytes;

        CollectionAssert.AreEqual(mark, await ReadAtAsync(o, "/web/grows.bin", 100 * MiB, 4096));

        var sent = o.Proxy.BodyBytes - before;
        Assert.IsTrue(sent <= 4 * MiB, $"the origin sent {sent} bytes for 4 KiB of the new version");
    }
}
