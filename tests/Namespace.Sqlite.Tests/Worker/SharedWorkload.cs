using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Sqlite.Tests.Worker;

/// <summary>
/// What each side of the two-process test does, concurrently, to one database: rewrite a shared
/// multi-chunk file (every byte one value, so a torn write or read shows), read it back whole, create
/// files in its own directory, rename some, list it, and remove some. Any inconsistency throws.
/// </summary>
public static class SharedWorkload
{
    public const int ChunkSize = 4096;
    public const int SharedSize = 10_000;
    public static readonly VPath Shared = VPath.Parse("/shared");

    public static async Task RunAsync(DbFileSystem fs, string name, int iterations, CancellationToken cancellationToken)
    {
        var mine = VPath.Parse("/w-" + name);
        await fs.CreateDirectoryAsync(mine, cancellationToken);
        var content = new byte[SharedSize];
        var back = new byte[SharedSize + 1];
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < iterations; i++)
        {
            Array.Fill(content, (byte)(name[0] + i));
            await using (var output = await fs.OpenWriteAsync(Shared, WriteMode.Replace, cancellationToken))
            {
                // Several writes per chunk, so the other process gets in between the staged chunks.
                for (var offset = 0; offset < SharedSize; offset += 1000)
                    await output.WriteAsync(content.AsMemory(offset, Math.Min(1000, SharedSize - offset)), cancellationToken);
            }

            await using (var input = await fs.OpenReadAsync(Shared, cancellationToken))
            {
                var n = await input.ReadAtLeastAsync(back, back.Length, throwOnEndOfStream: false, cancellationToken);
                if (n != SharedSize) throw new InvalidDataException($"{name}: /shared has {n} bytes");
                if (back.AsSpan(0, n).IndexOfAnyExcept(back[0]) is var torn and >= 0)
                    throw new InvalidDataException($"{name}: torn /shared at byte {torn}");
            }

            var file = mine.Child($"f{i:D4}");
            await using (var output = await fs.OpenWriteAsync(file, WriteMode.CreateNew, cancellationToken))
                await output.WriteAsync(BitConverter.GetBytes(i), cancellationToken);
            expected.Add(file.Name);
            if (i % 3 == 0)
            {
                var renamed = mine.Child($"r{i:D4}");
                await fs.MoveAsync(file, renamed, cancellationToken);
                expected.Remove(file.Name);
                expected.Add(renamed.Name);
            }
            if (i % 5 == 4)
            {
                var victim = expected.Min!;
                await fs.DeleteAsync(mine.Child(victim), recursive: false, cancellationToken);
                expected.Remove(victim);
            }

            var listed = new List<string>();
            await foreach (var entry in fs.ListAsync(mine, cancellationToken)) listed.Add(entry.Name);
            if (!listed.SequenceEqual(expected)) throw new InvalidDataException($"{name}: listing [{string.Join(",", listed)}] != [{string.Join(",", expected)}]");
        }
    }
}
