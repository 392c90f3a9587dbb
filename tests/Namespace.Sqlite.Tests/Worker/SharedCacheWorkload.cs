using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Sqlite.Tests.Worker;

/// <summary>
/// What each side of the two-process cache test does, concurrently, to one database through
/// <see cref="ICacheStore"/>: fill a shared multi-chunk file (every byte one value, so a torn fill shows)
/// and read it back with its record, fill files of its own, touch a shared file, add to the counters,
/// keep and read a listing, and drop its own files. Any inconsistency throws.
/// </summary>
public static class SharedCacheWorkload
{
    public const int ChunkSize = 4096;
    public const int SharedSize = 10_000;
    public static readonly VPath Shared = VPath.Parse("/cached/shared");
    public static readonly VPath Touched = VPath.Parse("/cached/touched");
    public static readonly CacheCounters Delta = new(1, 2, 3, 4, 5, 60, 700);

    public static CacheRecord Record(string etag, long size) =>
        new(EntryKind.File, size, etag, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, Dirty: false);

    public static async Task RunAsync(DbFileSystem fs, string name, int iterations, CancellationToken cancellationToken)
    {
        var mine = VPath.Parse("/cached/own-" + name);
        var content = new byte[SharedSize];
        var back = new byte[SharedSize + 1];
        for (var i = 0; i < iterations; i++)
        {
            var value = (byte)(name[0] + i);
            Array.Fill(content, value);
            await using (var fill = await fs.OpenFillAsync(Shared, Record($"\"{name}{i}\"", SharedSize), cancellationToken: cancellationToken))
            {
                // Several writes per chunk, so the other process gets in between the staged chunks.
                for (var offset = 0; offset < SharedSize; offset += 1000)
                    await fill.WriteAsync(content.AsMemory(offset, Math.Min(1000, SharedSize - offset)), cancellationToken);
            }

            var cached = await fs.OpenCachedAsync(Shared, cancellationToken) ?? throw new InvalidDataException($"{name}: {Shared} is not cached");
            await using (var input = cached.Content)
            {
                var n = await input.ReadAtLeastAsync(back, back.Length, throwOnEndOfStream: false, cancellationToken);
                if (n != SharedSize) throw new InvalidDataException($"{name}: {Shared} has {n} bytes");
                if (back.AsSpan(0, n).IndexOfAnyExcept(back[0]) is var torn and >= 0)
                    throw new InvalidDataException($"{name}: torn {Shared} at byte {torn}");
            }
            var record = await fs.GetRecordAsync(Shared, cancellationToken) ?? throw new InvalidDataException($"{name}: {Shared} has no record");
            if (record.Size != SharedSize || record.OriginETag is null) throw new InvalidDataException($"{name}: {Shared} has record {record}");

            await using (var fill = await fs.OpenFillAsync(mine.Child($"f{i:D4}"), Record("\"own\"", 4), cancellationToken: cancellationToken))
                await fill.WriteAsync(BitConverter.GetBytes(i), cancellationToken);
            await fs.TouchAsync(Touched, DateTimeOffset.UnixEpoch.AddSeconds(i), cancellationToken);
            await fs.AddCountersAsync(new Dictionary<VPath, CacheCounters> { [VPath.Root] = Delta }, cancellationToken);

            var listed = Enumerable.Range(0, i % 7).Select(j => new NsEntry($"e{j}", EntryKind.File, j, UnixFileMode.UserRead, DateTimeOffset.UnixEpoch, null, "origin")).ToArray();
            await fs.SetListingAsync(mine, new CacheListing(DateTimeOffset.UnixEpoch, listed), cancellationToken);
            var kept = await fs.GetListingAsync(mine, cancellationToken);
            if (kept?.Entries.Count != listed.Length) throw new InvalidDataException($"{name}: listing of {mine} has {kept?.Entries.Count} entries, not {listed.Length}");

            if (i % 10 == 9)
            {
                var dropped = await fs.DropAsync(mine, cancellationToken: cancellationToken);
                if (dropped != 11) throw new InvalidDataException($"{name}: dropping {mine} removed {dropped} entries, not 11");
            }
        }
    }
}
