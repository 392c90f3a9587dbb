namespace Namespace.Caching.Tests;

/// <summary>Large files read by the range through a cache element, under the races and origins a hostile world brings.</summary>
[TestClass]
public sealed class RangedBreakTests
{
    private const int MiB = 1 << 20;

    private static byte[] Random(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static async Task<byte[]> ReadAtAsync(HttpOrigin o, string path, long offset, int count)
    {
        await using var stream = await o.Os.OpenReadAsync(path);
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    // Finding 1: a reader fetched the old version's first blocks; before it kept them, the file was replaced through the
    // cache. Its ranges landing afterwards must not bring the old version back over the one just written.
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ARangeOfTheOldVersion_KeptAfterAWriteThroughTheCache_IsNotServedAfterIt()
    {
        await using var o = await HttpOrigin.StartAsync(gated: true);
        var before = Random(32 * MiB, 1);
        var after = Random(32 * MiB, 2);
        await File.WriteAllBytesAsync(o.OriginFile("big.bin"), before);
        o.Gated.RangeWrites.Shut();

        var reader = Task.Run(() => ReadAtAsync(o, "/web/big.bin", 0, 4096));
        await o.Gated.RangeWrites.Reached; // the old version's first blocks fetched, not yet kept
        await o.Os.WriteAllBytesAsync("/web/big.bin", after);
        o.Gated.RangeWrites.Open();
        CollectionAssert.AreEqual(before[..4096], await reader, "the reader that began before the write reads the old version");

        var now = await ReadAtAsync(o, "/web/big.bin", 0, 4096);

        CollectionAssert.AreEqual(after[..4096], now, "a read after the write gives what was written, not the old version's kept range");
    }
}
