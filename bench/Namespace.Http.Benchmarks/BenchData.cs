namespace Namespace.Http.Benchmarks;

/// <summary>
/// The served directory: big.bin (random bytes), small/NNNN (small files) and huge.bin (sparse: its
/// content does not matter for ranged reads, and it costs no disk). Deleted on dispose.
/// </summary>
internal sealed class BenchData : IDisposable
{
    public const int SmallFileBytes = 4096;

    public BenchData(BenchOptions options)
    {
        Options = options;
        Directory = Path.Combine(Path.GetTempPath(), "httpfs-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "small"));
        var random = new Random(1);
        var chunk = new byte[1 << 20];
        using (var big = File.Create(Path.Combine(Directory, "big.bin")))
        {
            for (var i = 0; i < options.BigMiB; i++)
            {
                random.NextBytes(chunk);
                big.Write(chunk);
            }
        }
        var small = new byte[SmallFileBytes];
        for (var i = 0; i < options.SmallFiles; i++)
        {
            random.NextBytes(small);
            File.WriteAllBytes(Path.Combine(Directory, "small", SmallName(i)), small);
        }
        using (var huge = File.Create(Path.Combine(Directory, "huge.bin"))) huge.SetLength(HugeBytes);
    }

    public BenchOptions Options { get; }

    public string Directory { get; }

    public long BigBytes => (long)Options.BigMiB << 20;

    public long HugeBytes => (long)Options.HugeMiB << 20;

    public static string SmallName(int i) => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same offsets for every reader: 4 KiB-aligned, anywhere in huge.bin.</summary>
    public long[] RandomOffsets()
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, Options.RandomReads).Select(_ => random.NextInt64(HugeBytes / 4096) * 4096)];
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
