using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Providers;

namespace Namespace.Testing;

// Ranged content: a copy of a large file held by the block, the ranges a reader read of it and no more.
public abstract partial class CacheContentContractTests
{
    // Deterministic bytes for offset..offset+count of a file of one version (so a block of another version differs).
    protected static byte[] Bytes(long offset, long count, int version = 1)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++) bytes[i] = (byte)((offset + i) * 31 + version * 7);
        return bytes;
    }

    private static async Task<byte[]?> ReadRangeAsync(ICacheStore store, string path, CacheRecord version, long offset, int count)
    {
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            var n = await store.ReadRangeAsync(P(path), version, offset + got, buffer.AsMemory(got));
            if (n is null) return got == 0 ? null : buffer[..got];
            if (n == 0) break;
            got += n.Value;
        }
        return buffer[..got];
    }

    private static Task WriteBlocksAsync(ICacheStore store, string path, CacheRecord record, long firstBlock, int blocks, int version = 1)
    {
        var offset = firstBlock * store.BlockSize;
        var count = Math.Min((long)blocks * store.BlockSize, record.Size - offset);
        return store.WriteRangeAsync(P(path), record, offset, Bytes(offset, count, version)).AsTask();
    }

    [TestMethod]
    public async Task WriteRange_ThenReadRange_ReturnsThoseBytesAndOnlyThatRangeIsHeld()
    {
        var store = await CreateStoreAsync();
        var b = store.BlockSize;
        var record = Fetched(5L * b + 10);
        await WriteBlocksAsync(store, "/web/big", record, 2, 1);

        CollectionAssert.AreEqual(Bytes(2L * b + 3, 100), await ReadRangeAsync(store, "/web/big", record, 2L * b + 3, 100));
        CollectionAssert.AreEqual(new[] { new ByteRange(2L * b, b) }, (await store.GetRangesAsync(P("/web/big"))).ToArray());
        Assert.IsNull(await store.ReadRangeAsync(P("/web/big"), record, b, new byte[10]), "a block not held");
        Assert.IsNull(await store.ReadRangeAsync(P("/web/big"), record, 3L * b, new byte[10]), "the next block not held either");
    }

    [TestMethod]
    public async Task ReadRange_StopsAtTheEndOfTheBlockHeld()
    {
        var store = await CreateStoreAsync();
        var b = store.BlockSize;
        var record = Fetched(4L * b);
        await WriteBlocksAsync(store, "/big", record, 1, 1);
        var buffer = new byte[2 * b];

        var n = await store.ReadRangeAsync(P("/big"), record, b + 10, buffer);

        Assert.AreEqual(b - 10, n);
        CollectionAssert.AreEqual(Bytes(b + 10, b - 10), buffer[..(b - 10)]);
    }

    [TestMethod]
    public async Task RangedCopy_IsPartial_AndOpensWithNoContent_UntilEveryBlockIsHeld()
    {
        var store = await CreateStoreAsync();
        var b = store.BlockSize;
        var record = Fetched(3L * b + 5);
        await WriteBlocksAsync(store, "/big", record, 0, 1);

        var kept = await store.GetRecordAsync(P("/big"));
        Assert.IsNotNull(kept);
        Assert.IsTrue(kept.Partial);
        Assert.AreEqual(record.Size, kept.Size, "a ranged copy's record has the whole file's size");
        Assert.AreEqual(record.OriginETag, kept.OriginETag);
        var opened = await store.OpenCachedAsync(P("/big"));
        Assert.IsNotNull(opened);
        Assert.IsTrue(opened.Record.Partial);
        await using (opened.Content) Assert.AreEqual(-1, opened.Content.ReadByte(), "no content to read as a whole");

        await WriteBlocksAsync(store, "/big", record, 1, 3); // the rest, the short last block included

        kept = await store.GetRecordAsync(P("/big"));
        Assert.IsFalse(kept!.Partial, "every block held: a whole copy");
        var whole = await store.OpenCachedAsync(P("/big"));
        await using var content = whole!.Content;
        var all = new MemoryStream();
        await content.CopyToAsync(all);
        CollectionAssert.AreEqual(Bytes(0, record.Size), all.ToArray());
        CollectionAssert.AreEqual(new[] { new ByteRange(0, record.Size) }, (await store.GetRangesAsync(P("/big"))).ToArray());
    }

    [TestMethod]
    public async Task WriteRange_OfAnotherVersion_DropsTheOldRanges_TheyNeverMix()
    {
        var store = await CreateStoreAsync();
        var b = store.BlockSize;
        var v1 = Fetched(4L * b, etag: "\"v1\"");
        var v2 = Fetched(4L * b, etag: "\"v2\"");
        await WriteBlocksAsync(store, "/big", v1, 0, 2, version: 1);

        await WriteBlocksAsync(store, "/big", v2, 3, 1, version: 2);

        Assert.IsNull(await store.ReadRangeAsync(P("/big"), v2, 0, new byte[10]), "v1's block is not v2's");
        Assert.IsNull(await store.ReadRangeAsync(P("/big"), v1, 0, new byte[10]), "v1's blocks are gone");
        CollectionAssert.AreEqual(Bytes(3L * b, 10, version: 2), await ReadRangeAsync(store, "/big", v2, 3L * b, 10));
        CollectionAssert.AreEqual(new[] { new ByteRange(3L * b, b) }, (await store.GetRangesAsync(P("/big"))).ToArray());
        Assert.AreEqual("\"v2\"", (await store.GetRecordAsync(P("/big")))!.OriginETag);
    }

    [TestMethod]
    public async Task WriteRange_OverAWholeCopyOfAnotherVersion_ReplacesIt()
    {
        var store = await CreateStoreAsync();
        var b = store.BlockSize;
        await FillAsync(store, "/big", "old whole copy", Fetched(14, etag: "\"v1\""));
        var v2 = Fetched(2L * b, etag: "\"v2\"");

        await WriteBlocksAsync(store, "/big", v2, 1, 1, version: 2);

        var kept = await store.GetRecordAsync(P("/big"));
        Assert.IsTrue(kept!.Partial);
        Assert.AreEqual(2L * b, kept.Size);
        CollectionAssert.AreEqual(new[] { new ByteRange(b, b) }, (await store.GetRangesAsync(P("/big"))).ToArray());
    }

    [TestMethod]
    public async Task ReadRange_OfAWholeCopy_ReadsAnywhere_AndARangeWrittenOverItChangesNothing()
    {
        var store = await CreateStoreAsync();
        var b = store.BlockSize;
        var record = Fetched(2L * b + 7);
        await using (var fill = await store.OpenFillAsync(P("/f"), record)) await fill.WriteAsync(Bytes(0, record.Size));

        CollectionAssert.AreEqual(Bytes(b - 3, 6), await ReadRangeAsync(store, "/f", record, b - 3, 6), "across a block boundary");
        await WriteBlocksAsync(store, "/f", record, 0, 1);

        Assert.IsFalse((await store.GetRecordAsync(P("/f")))!.Partial);
        CollectionAssert.AreEqual(new[] { new ByteRange(0, record.Size) }, (await store.GetRangesAsync(P("/f"))).ToArray());
    }

    [TestMethod]
    public async Task ReadRange_AtOrPastTheEnd_IsZero_AndNothingThere_IsNull()
    {
        var store = await CreateStoreAsync();
        var record = Fetched(10);
        await store.WriteRangeAsync(P("/f"), record, 0, Bytes(0, 10));

        Assert.AreEqual(0, await store.ReadRangeAsync(P("/f"), record, 10, new byte[4]));
        Assert.IsNull(await store.ReadRangeAsync(P("/none"), record, 0, new byte[4]));
        Assert.AreEqual(0, (await store.GetRangesAsync(P("/none"))).Count);
    }

    [TestMethod]
    public async Task WriteRange_NotOnABlockBoundary_OrNotWholeBlocks_IsRefused()
    {
        var store = await CreateStoreAsync();
        var b = store.BlockSize;
        var record = Fetched(4L * b);
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.WriteRangeAsync(P("/f"), record, 1, Bytes(1, b)).AsTask());
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.WriteRangeAsync(P("/f"), record, 0, Bytes(0, b - 1)).AsTask());
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.WriteRangeAsync(P("/f"), record, 3L * b, Bytes(3L * b, b + 1)).AsTask());
        Assert.IsNull(await store.GetRecordAsync(P("/f")));
    }

    [TestMethod]
    public async Task WriteRange_OverLocalChanges_Conflict_AndTheyAreKept()
    {
        var store = await CreateStoreAsync();
        await FillAsync(store, "/f", "mine", Fetched(4, dirty: true));

        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => store.WriteRangeAsync(P("/f"), Fetched(10), 0, Bytes(0, 10)).AsTask());

        Assert.AreEqual("mine", await ReadAsync(store, "/f"));
        Assert.IsTrue((await store.GetRecordAsync(P("/f")))!.Dirty);
    }

    [TestMethod]
    public async Task WriteRange_OnADirectory_IsADirectory()
    {
        var store = await CreateStoreAsync();
        await store.SetRecordAsync(P("/d"), Dir());
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => store.WriteRangeAsync(P("/d"), Fetched(10), 0, Bytes(0, 10)).AsTask());
    }

    [TestMethod]
    public async Task RangedCopy_CountsWhatItHolds_AndGoesWithEvictionAndDrop()
    {
        var store = await CreateStoreAsync();
        var b = store.BlockSize;
        var record = Fetched(100L * b);
        await WriteBlocksAsync(store, "/web/big", record, 50, 2);
        await WriteBlocksAsync(store, "/web/other", record, 0, 1);

        Assert.AreEqual(new CacheUsage(2, 3L * b), await store.MeasureAsync(P("/web")), "bytes held, not the files' sizes");
        Assert.AreEqual(new CacheUsage(1, 2L * b), await store.EvictAsync([P("/web/big")]));
        Assert.AreEqual(0, (await store.GetRangesAsync(P("/web/big"))).Count);
        await store.DropAsync(P("/web"));
        Assert.IsNull(await store.GetRecordAsync(P("/web/other")));
    }

    [TestMethod]
    public async Task WriteRange_MakesMissingParents()
    {
        var store = await CreateStoreAsync();
        await store.WriteRangeAsync(P("/a/b/f"), Fetched(3), 0, Bytes(0, 3));
        Assert.AreEqual(EntryKind.Directory, (await store.GetRecordAsync(P("/a/b")))!.Kind);
        CollectionAssert.AreEqual(new[] { "/a/b/f" }, await ScanAsync(store, "/a/b", recursive: false));
    }
}
