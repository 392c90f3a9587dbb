using Namespace.Core.Paths;

namespace Namespace.Caching.Tests;

/// <summary>What the ranged tests read and write: seeded random bytes, and bytes at an offset through the namespace.</summary>
internal static class RangedReads
{
    /// <summary>How long a request may take: large reads on a loaded machine take more than the short default.</summary>
    public static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    public static byte[] Random(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static async Task<byte[]> ReadAtAsync(HttpOrigin o, string path, long offset, int count)
    {
        await using var stream = await o.Os.OpenReadAsync(path);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }
}

/// <summary>Large files read by the range through a cache element, under the races and origins a hostile world brings.</summary>
[TestClass]
public sealed class RangedBreakTests
{
    private const int MiB = 1 << 20;

    private static byte[] Random(int size, int seed) => RangedReads.Random(size, seed);

    private static Task<byte[]> ReadAtAsync(HttpOrigin o, string path, long offset, int count) => RangedReads.ReadAtAsync(o, path, offset, count);

    // Finding 1: a reader fetched the old version's first blocks; before it kept them, the file was replaced through the
    // cache. Its ranges landing afterwards must not bring the old version back over the one just written.
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ARangeOfTheOldVersion_KeptAfterAWriteThroughTheCache_IsNotServedAfterIt()
    {
        // No change events: the file's creation, heard late, would rightly keep the reader from keeping its first block.
        await using var o = await HttpOrigin.StartAsync(gated: true, events: false, requestTimeout: RangedReads.Patient);
        var before = Random(32 * MiB, 1);
        var after = Random(32 * MiB, 2);
        await File.WriteAllBytesAsync(o.OriginFile("big.bin"), before);
        o.Gated.RangeWrites.Shut();

        var reader = Task.Run(() => ReadAtAsync(o, "/web/big.bin", 0, 4096));
        await Task.WhenAny(reader, o.Gated.RangeWrites.Reached); // the old version's first blocks fetched, not yet kept
        Assert.IsFalse(reader.IsCompleted, "the reader keeps what it fetched");
        await o.Os.WriteAllBytesAsync("/web/big.bin", after);
        o.Gated.RangeWrites.Open();
        CollectionAssert.AreEqual(before[..4096], await reader, "the reader that began before the write reads the old version");

        var now = await ReadAtAsync(o, "/web/big.bin", 0, 4096);

        CollectionAssert.AreEqual(after[..4096], now, "a read after the write gives what was written, not the old version's kept range");
    }
    // A reader fetched the old version's first block; before it kept it, the file changed on the origin and the change
    // event dropped what the cache held. The block landing afterwards must not make an old copy that later readers get.
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ARangeOfTheOldVersion_KeptAfterAChangeEvent_IsNotServedAfterIt()
    {
        await using var o = await HttpOrigin.StartAsync(gated: true, requestTimeout: RangedReads.Patient);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var file = o.OriginFile("big.bin");
        var before = Random(32 * MiB, 1);
        var after = Random(32 * MiB, 2);
        await File.WriteAllBytesAsync(file, before);
        await o.WaitForWatcherAsync(stop.Token); // events flow, and the file's creation has been heard
        await using var watcher = Watcher.Start(o.Os, "/web");
        o.Gated.RangeWrites.Shut();

        var reader = Task.Run(() => ReadAtAsync(o, "/web/big.bin", 0, 4096));
        await Task.WhenAny(reader, o.Gated.RangeWrites.Reached); // the old version's first block fetched, not yet kept
        Assert.IsFalse(reader.IsCompleted, "the reader keeps what it fetched");
        await File.WriteAllBytesAsync(file, after);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(5));
        await watcher.UntilAsync(change => change.Path.Value == "/web/big.bin"); // passed on once the cache let go of it
        o.Gated.RangeWrites.Open();
        await reader;

        var now = await ReadAtAsync(o, "/web/big.bin", 0, 4096);

        CollectionAssert.AreEqual(after[..4096], now, "a read after the change event gives the new version, not the old version's kept block");
    }

    // Finding 2: the origin's ETag is the file's size and modification time, so a file rewritten in place with its time put
    // back (rsync -t, cp -p, a tool that restores times) keeps its ETag: the If-Match of every range passes, and one reader
    // gets the old version's kept blocks beside the new version's fetched ones.
    [TestMethod]
    [Ignore("finding 2: localfs's ETag is size and mtime; a rewrite that restores the mtime mixes two versions in one read (no small fix)")]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AFileRewrittenWithItsTimePutBack_IsNotReadAsAMixOfTwoVersions()
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient);
        var file = o.OriginFile("same.bin");
        var old = Random(32 * MiB, 1);
        await File.WriteAllBytesAsync(file, old);
        var mtime = File.GetLastWriteTimeUtc(file);
        CollectionAssert.AreEqual(old[..4096], await ReadAtAsync(o, "/web/same.bin", 0, 4096)); // blocks 0 and 1 kept
        var changed = Random(32 * MiB, 2);
        await File.WriteAllBytesAsync(file, changed);
        File.SetLastWriteTimeUtc(file, mtime);

        await using var stream = await o.Os.OpenReadAsync("/web/same.bin");
        var head = new byte[4096];
        await stream.ReadExactlyAsync(head);
        stream.Seek(10 * MiB, SeekOrigin.Begin);
        var middle = new byte[4096];
        await stream.ReadExactlyAsync(middle);

        var oldBoth = head.AsSpan().SequenceEqual(old.AsSpan(0, 4096)) && middle.AsSpan().SequenceEqual(old.AsSpan(10 * MiB, 4096));
        var newBoth = head.AsSpan().SequenceEqual(changed.AsSpan(0, 4096)) && middle.AsSpan().SequenceEqual(changed.AsSpan(10 * MiB, 4096));
        Assert.IsTrue(oldBoth || newBoth, "one reader reads one version");
    }
    // Finding 3: a server may answer a range with fewer bytes than asked (206 with a shorter Content-Range); over httpfs
    // directly the file reads whole, through the cache the reader fails with "the response ended after ...".
    [TestMethod]
    [DataRow(1536 * 1024, DisplayName = "ranges cut to 1.5 MiB")]
    [DataRow(256 * 1024, DisplayName = "ranges cut to 256 KiB, shorter than a block")]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AServerThatShortensRanges_StillGivesEveryByte(int cap)
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient);
        var data = Random(40 * MiB + 5, 6);
        await File.WriteAllBytesAsync(o.OriginFile("cap.bin"), data);
        o.Proxy.CapRanges = cap;

        await using (var direct = await o.Http.OpenReadAsync(VPath.Parse("/cap.bin")))
        {
            direct.Seek(30 * MiB, SeekOrigin.Begin);
            var buffer = new byte[4 * MiB];
            await direct.ReadExactlyAsync(buffer);
            Assert.IsTrue(buffer.AsSpan().SequenceEqual(data.AsSpan(30 * MiB, 4 * MiB)), "over httpfs directly");
        }
        var got = await ReadAtAsync(o, "/web/cap.bin", 30 * MiB, 4 * MiB);

        Assert.IsTrue(got.AsSpan().SequenceEqual(data.AsSpan(30 * MiB, 4 * MiB)), "through the cache");
        var start = await ReadAtAsync(o, "/web/cap.bin", 0, 2 * MiB);
        Assert.IsTrue(start.AsSpan().SequenceEqual(data.AsSpan(0, 2 * MiB)), "its start, through the cache");

        var mid = Random(5 * MiB + 3, 7); // fetched whole, in more than one answer
        await File.WriteAllBytesAsync(o.OriginFile("mid.bin"), mid);
        var whole = await o.Os.ReadAllBytesAsync("/web/mid.bin");
        Assert.IsTrue(whole.AsSpan().SequenceEqual(mid), $"a file of a few blocks, whole: {whole.Length} of {mid.Length} bytes");
    }
}

[TestClass]
public sealed class RangedProbeTests
{
    private const int MiB = 1 << 20;

    private static byte[] Random(int size, int seed) => RangedReads.Random(size, seed);

    private static Task<byte[]> ReadAtAsync(HttpOrigin o, string path, long offset, int count) => RangedReads.ReadAtAsync(o, path, offset, count);

    private static async Task<byte[]> ReadAllAsync(HttpOrigin o, string path)
    {
        await using var stream = await o.Os.OpenReadAsync(path);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 65536);
        return copy.ToArray();
    }

    [TestMethod]
    [DataRow(16 * MiB)]
    [DataRow(16 * MiB + 1)]
    [DataRow(17 * MiB)]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task EdgeSizes_ReadWhole_Twice(int size)
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient);
        var data = Random(size, 3);
        await File.WriteAllBytesAsync(o.OriginFile("e.bin"), data);
        { var got = await ReadAllAsync(o, "/web/e.bin"); Assert.IsTrue(data.AsSpan().SequenceEqual(got)); }
        { var got = await ReadAllAsync(o, "/web/e.bin"); Assert.IsTrue(data.AsSpan().SequenceEqual(got)); }
        await using var s = await o.Os.OpenReadAsync("/web/e.bin");
        s.Seek(size, SeekOrigin.Begin);
        Assert.AreEqual(0, await s.ReadAsync(new byte[10]));
        s.Seek(size - 1, SeekOrigin.Begin);
        var one = new byte[10];
        Assert.AreEqual(1, await s.ReadAsync(one));
        Assert.AreEqual(data[^1], one[0]);
        var record = await o.RecordAsync("/e.bin");
        Assert.IsFalse(record!.Partial);
        var usage = await o.Store.MeasureAsync(VPath.Root);
        Assert.AreEqual(size, usage.Bytes);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task TwoReaders_AtOnce_GetEveryByte_AndTheCopyIsWholeAndCountedOnce()
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient);
        var data = Random(40 * MiB + 7, 4);
        await File.WriteAllBytesAsync(o.OriginFile("t.bin"), data);
        var a = Task.Run(() => ReadAllAsync(o, "/web/t.bin"));
        var b = Task.Run(() => ReadAllAsync(o, "/web/t.bin"));
        { var got = await a; Assert.IsTrue(data.AsSpan().SequenceEqual(got)); }
        { var got = await b; Assert.IsTrue(data.AsSpan().SequenceEqual(got)); }
        var record = await o.RecordAsync("/t.bin");
        Assert.IsFalse(record!.Partial);
        var usage = await o.Store.MeasureAsync(VPath.Root);
        Assert.AreEqual(new CacheUsage(1, data.Length), usage);
        { var got = await ReadAllAsync(o, "/web/t.bin"); Assert.IsTrue(data.AsSpan().SequenceEqual(got)); }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task PartialCopy_MeasureCountsHeld()
    {
        await using var o = await HttpOrigin.StartAsync(events: false, requestTimeout: RangedReads.Patient);
        var data = Random(40 * MiB, 4);
        await File.WriteAllBytesAsync(o.OriginFile("p.bin"), data);
        CollectionAssert.AreEqual(data[(20 * MiB)..(20 * MiB + 10)], await ReadAtAsync(o, "/web/p.bin", 20 * MiB, 10));
        await o.Os.SaveCacheStateAsync();
        var held = (await o.Store.GetRangesAsync(VPath.Parse("/p.bin"))).Sum(r => r.Length);
        var usage = await o.Store.MeasureAsync(VPath.Root);
        Assert.AreEqual(new CacheUsage(1, held), usage);
        var st = await o.Os.StatAsync("/web/p.bin");
        Assert.AreEqual(40L * MiB, st.Size);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task MaxSizeSmallerThanAWindow_StillReadsRightBytes()
    {
        await using var o = await HttpOrigin.StartAsync(options: "ttl=10m,maxsize=1M", events: false, requestTimeout: RangedReads.Patient);
        var data = Random(40 * MiB + 3, 5);
        await File.WriteAllBytesAsync(o.OriginFile("m.bin"), data);
        { var got = await ReadAllAsync(o, "/web/m.bin"); Assert.IsTrue(data.AsSpan().SequenceEqual(got)); }
        CollectionAssert.AreEqual(data[(30 * MiB)..(30 * MiB + 100)], await ReadAtAsync(o, "/web/m.bin", 30 * MiB, 100));
        var usage = await o.Store.MeasureAsync(VPath.Root);
        Assert.IsTrue(usage.Bytes <= MiB, $"{usage}");
    }
}
