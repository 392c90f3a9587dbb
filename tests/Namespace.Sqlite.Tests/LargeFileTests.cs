using System.Security.Cryptography;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests;

// Alone, so the process-wide allocation counter measures this test only.
[TestClass]
[DoNotParallelize]
public sealed class LargeFileTests
{
    private const int FileSize = 50 << 20;
    private const int Piece = 64 << 10;
    private readonly TempDirectory _dir = new();

    public TestContext TestContext { get; set; } = null!;

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task WriteAndRead_50MiBThroughStreams_AllocateFarLessThanTheFile()
    {
        await using var fs = (await DbFileSystem.OpenAsync(_dir.Combine("large.db"))).FileSystem;
        var path = VPath.Parse("/large.bin");
        var piece = new byte[Piece];
        using var written = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var read = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var random = new Random(42);

        var beforeWrite = GC.GetTotalAllocatedBytes(precise: true);
        await using (var output = await fs.OpenWriteAsync(path, WriteMode.Replace))
        {
            for (var offset = 0; offset < FileSize; offset += Piece)
            {
                random.NextBytes(piece);
                written.AppendData(piece);
                await output.WriteAsync(piece);
            }
        }
        var writeAllocated = GC.GetTotalAllocatedBytes(precise: true) - beforeWrite;

        var beforeRead = GC.GetTotalAllocatedBytes(precise: true);
        long total = 0;
        await using (var input = await fs.OpenReadAsync(path))
        {
            int n;
            while ((n = await input.ReadAsync(piece)) > 0)
            {
                read.AppendData(piece, 0, n);
                total += n;
            }
        }
        var readAllocated = GC.GetTotalAllocatedBytes(precise: true) - beforeRead;

        TestContext.WriteLine($"allocated while writing: {writeAllocated:N0} bytes; while reading: {readAllocated:N0} bytes");
        Assert.AreEqual(FileSize, total);
        Assert.AreEqual(FileSize, (await fs.StatAsync(path))!.Size);
        CollectionAssert.AreEqual(written.GetHashAndReset(), read.GetHashAndReset(), "content read back differs");
        Assert.IsTrue(writeAllocated < FileSize / 4, $"writing allocated {writeAllocated:N0} bytes for a {FileSize:N0}-byte file");
        Assert.IsTrue(readAllocated < FileSize / 4, $"reading allocated {readAllocated:N0} bytes for a {FileSize:N0}-byte file");
    }

    [TestMethod]
    public async Task Fill_64MiBThroughCacheStore_AllocatesFarLessThanTheFile()
    {
        const int fillSize = 64 << 20;
        await using var fs = (await DbFileSystem.OpenAsync(_dir.Combine("fill.db"))).FileSystem;
        var path = VPath.Parse("/origin/large.bin");
        var record = new CacheRecord(EntryKind.File, fillSize, "\"big\"", null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, Dirty: false);
        var piece = new byte[Piece];
        new Random(7).NextBytes(piece);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await using (var fill = await fs.OpenFillAsync(path, record))
        {
            for (var offset = 0; offset < fillSize; offset += Piece) await fill.WriteAsync(piece);
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        TestContext.WriteLine($"allocated while filling: {allocated:N0} bytes");
        Assert.AreEqual(record, await fs.GetRecordAsync(path));
        Assert.AreEqual(new CacheUsage(1, fillSize), await fs.MeasureAsync(VPath.Root));
        Assert.IsTrue(allocated < fillSize / 16, $"filling allocated {allocated:N0} bytes for a {fillSize:N0}-byte file");
    }
}
