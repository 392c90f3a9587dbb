using BenchmarkDotNet.Attributes;
using Namespace.Shell.Syntax;

namespace Namespace.Benchmarks;

/// <summary>Parsing a 10,000-line rc script: lines per second = 10,000 / Mean.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ParserBenchmarks
{
    private const int Lines = 10_000;
    private string _script = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A mix of what startup scripts and tutorials contain.
        string[] shapes =
        [
            "mount -bC -o ttl=10m,stale=serve -t db /var/cache/web.db /web",
            "for(f in /tutorials/*.md) echo $f `{wc -l $f}",
            "if(test -d /tmp) write /tmp/log 'it''s here' $x(2) $\"y",
            "x=(a b c); y=$x^.txt; cat /a/$y | grep -v '^#' > /tmp/out >[2=1]",
            "fn greet { echo hello $1; ~ $1 w* && echo matched }",
        ];
        _script = string.Join('\n', Enumerable.Range(0, Lines).Select(i => shapes[i % shapes.Length])) + "\n";
    }

    [Benchmark]
    public int Parse10000Lines() => ShellParser.Parse(_script, "bench.rc").Commands.Count;
}
