using System.Globalization;

namespace Namespace.Http.Benchmarks;

/// <summary>Sizes and repetitions of one benchmark run.</summary>
internal sealed record BenchOptions(int Rounds, int BigMiB, int SmallFiles, int RandomReads, int HugeMiB)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(Rounds: 7, BigMiB: 256, SmallFiles: 1000, RandomReads: 2000, HugeMiB: 1024);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var n = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--rounds" => o with { Rounds = n },
                "--big-mib" => o with { BigMiB = n },
                "--small" => o with { SmallFiles = n },
                "--random-reads" => o with { RandomReads = n },
                "--huge-mib" => o with { HugeMiB = n },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}
