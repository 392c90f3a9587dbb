using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Benchmarks;

/// <summary>
/// What the namespace costs on top of a provider: stat through a 3-deep mount and a 3-element
/// union, and listing a 10,000-entry directory through a union, each against the same call made
/// directly on memfs (the baseline of its category, so BenchmarkDotNet prints the ratio).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CoreBenchmarks
{
    private const int BigDirectoryEntries = 10_000;
    private MemoryFileSystem _direct = null!;
    private VirtualOS _os = null!;
    private VPath _directFile;
    private VPath _unionFile;
    private VPath _unionFileInLast;
    private VPath _directBig;
    private VPath _unionBig;
    private VPath _spreadBig;

    [GlobalSetup]
    public async Task Setup()
    {
        var files = new Dictionary<string, string> { ["/d/f"] = "data" };
        for (var i = 0; i < BigDirectoryEntries; i++) files[$"/big/entry{i:D5}"] = "x";
        _direct = MemoryFileSystem.FromFiles("direct", files);

        // A 3-element union mounted 3 deep: the first element holds the data, the others are plain directories.
        _os = new VirtualOS();
        await _os.MountAsync("/", new MemoryFileSystem("root"));
        await _os.MountAsync("/a/b/c", MemoryFileSystem.FromFiles("first", files));
        await _os.MountAsync("/a/b/c", MemoryFileSystem.FromFiles("second", new Dictionary<string, string> { ["/other"] = "o" }), BindOptions.After);
        await _os.MountAsync("/a/b/c", MemoryFileSystem.FromFiles("third", new Dictionary<string, string> { ["/d/g"] = "g" }), BindOptions.After);

        // The same 10,000 names spread over three elements with overlaps (every name in two of them).
        var parts = Enumerable.Range(0, 3).Select(_ => new Dictionary<string, string>()).ToArray();
        for (var i = 0; i < BigDirectoryEntries; i++)
        {
            parts[i % 3][$"/big/entry{i:D5}"] = "x";
            parts[(i + 1) % 3][$"/big/entry{i:D5}"] = "y";
        }
        for (var k = 0; k < 3; k++)
            await _os.MountAsync("/spread", MemoryFileSystem.FromFiles($"spread{k}", parts[k]), BindOptions.After);

        _directFile = VPath.Parse("/d/f");
        _unionFile = VPath.Parse("/a/b/c/d/f");
        _unionFileInLast = VPath.Parse("/a/b/c/d/g");
        _directBig = VPath.Parse("/big");
        _unionBig = VPath.Parse("/a/b/c/big");
        _spreadBig = VPath.Parse("/spread/big");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("stat")]
    public ValueTask<NsEntry?> StatDirect() => _direct.StatAsync(_directFile);

    [Benchmark, BenchmarkCategory("stat")]
    public ValueTask<NsEntry> StatThroughMountAndUnion() => _os.StatAsync(_unionFile);

    [Benchmark, BenchmarkCategory("stat")]
    public ValueTask<NsEntry> StatThroughUnionServedByLastElement() => _os.StatAsync(_unionFileInLast);

    [Benchmark(Baseline = true), BenchmarkCategory("list")]
    public async Task<int> ListDirect()
    {
        var n = 0;
        await foreach (var _ in _direct.ListAsync(_directBig)) n++;
        return n;
    }

    [Benchmark, BenchmarkCategory("list")]
    public async Task<int> ListThroughUnion()
    {
        var n = 0;
        await foreach (var _ in _os.ListAsync(_unionBig)) n++;
        return n;
    }

    [Benchmark, BenchmarkCategory("list")]
    public async Task<int> ListUnionMergingThreeElements()
    {
        var n = 0;
        await foreach (var _ in _os.ListAsync(_spreadBig)) n++;
        return n;
    }
}
