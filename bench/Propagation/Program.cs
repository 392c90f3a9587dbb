// Change propagation between two nsh processes caching one origin (issue 5, docs/httpfs.md "Measured").
//
// An in-process OriginServer serves a temp directory holding `x`. Two real nsh processes mount it with
// their own dbfs cache element in front (ttl=1h, so only the origin's change events can make a cached
// copy go away). A writes `write /web/x N` for N = 1..writes; the driver measures the time from sending
// that line to A until B first prints N. A third nsh (C, no cache) gives baselines in the same run.
//
// usage: Propagation --nsh PATH [--writes N] [--warmup N] [--mode watch|poll|both] [--timeout SECONDS]
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Namespace.Http.Server;

namespace Propagation;

internal static partial class Program
{
    private static string _nsh = "";
    private static int _writes = 200;
    private static int _warmup = 3;
    private static TimeSpan _timeout = TimeSpan.FromSeconds(10);

    [GeneratedRegex(@"hits=(\d+) misses=(\d+) revalidations=(\d+) evictions=(\d+) errors=(\d+)")]
    private static partial Regex Counters();

    private static async Task<int> Main(string[] args)
    {
        var modes = new List<string> { "watch", "poll" };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--nsh": _nsh = Path.GetFullPath(Value()); break;
                case "--writes": _writes = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--warmup": _warmup = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--timeout": _timeout = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--mode":
                    var m = Value();
                    modes = m == "both" ? ["watch", "poll"] : m is "watch" or "poll" ? [m] : throw new ArgumentException($"unknown mode {m}");
                    break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        if (_nsh.Length == 0 || !File.Exists(_nsh))
        {
            await Console.Error.WriteLineAsync("usage: Propagation --nsh PATH(nsh.dll or published nsh) [--writes N] [--warmup N] [--mode watch|poll|both] [--timeout SECONDS]");
            return 2;
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cpus, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"load average at start: {LoadAverage()}");
        Console.WriteLine($"nsh: {_nsh}; {_writes} measured writes after {_warmup} warm-up writes; timeout {_timeout.TotalSeconds:0} s per write");
        var failed = false;
        foreach (var mode in modes)
        {
            try
            {
                await RunAsync(mode);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
            {
                await Console.Error.WriteLineAsync($"propagation ({mode}): FAILED: {e.Message}");
                failed = true;
            }
        }
        Console.WriteLine($"load average at end: {LoadAverage()}");
        return failed ? 1 : 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim() + " (1/5/15 min, running/total, last pid)";
        }
        catch (IOException)
        {
            return "unknown (no /proc/loadavg)";
        }
    }

    private static async Task RunAsync(string mode)
    {
        var dir = Directory.CreateTempSubdirectory("ns-propagation-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "origin"));
            Directory.CreateDirectory(Path.Combine(dir.FullName, "ctl"));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "origin", "x"), "0\n");
            await using var server = await OriginServer.StartAsync(Path.Combine(dir.FullName, "origin"), "127.0.0.1:0");
            var url = server.Url.ToString();
            var lines = Channel.CreateUnbounded<Line>(new UnboundedChannelOptions { SingleReader = true });
            await using var a = Child.Start("A", _nsh, dir.FullName, lines.Writer);
            await using var b = Child.Start("B", _nsh, dir.FullName, lines.Writer);
            await using var c = Child.Start("C", _nsh, dir.FullName, lines.Writer);
            var run = new Run(mode, dir.FullName, lines.Reader, a, b, c);
            await run.MeasureAsync(url);
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"propagation: could not remove {dir.FullName}: {e.Message}");
            }
        }
    }

    private sealed class Run(string mode, string dir, ChannelReader<Line> lines, Child a, Child b, Child c)
    {
        private readonly bool _watch = mode == "watch";
        private readonly List<double> _propagation = [], _event = [], _ack = [], _rereadHit = [], _originRead = [], _echo = [];
        private int _extraCats, _events, _bReads;

        public async Task MeasureAsync(string url)
        {
            var setup = Stopwatch.GetTimestamp();
            a.Send($"mount -t http {url} /web; mount -bC -o ttl=1h -t db A.db /web; echo ready");
            b.Send($"mount -t http {url} /web; mount -bC -o ttl=1h -t db B.db /web; cat /web/x");
            c.Send($"mount -t http {url} /web; echo ready");
            await StartedAsync(new() { ["A"] = "ready", ["B"] = "0", ["C"] = "ready" });
            if (_watch)
            {
                b.Send("watch /web &");
            }
            else
            {
                b.Send("mount -t local ctl /ctl; while (! test -e /ctl/stop) { cat /web/x }");
            }
            Console.WriteLine();
            Console.WriteLine(_watch
                ? $"mode watch: B runs `watch /web &`; on each event the driver sends B `cat /web/x` (again while it still shows the old value), then once more (a cache hit)"
                : $"mode poll: B runs `while (! test -e /ctl/stop) {{ cat /web/x }}` (the test is a host stat of a local mount, never the origin)");
            Console.WriteLine($"  origin {url} (in-process OriginServer); start-up of three nsh processes {Elapsed(setup):0} ms");

            for (var n = 1; n <= _warmup + _writes; n++) await WriteOnceAsync(n, measured: n > _warmup);
            var last = _warmup + _writes;

            // Stop B's loop (poll) and ask for its cache figures.
            var counters = await StatusAsync(last);

            Print(counters, last);
        }

        private async Task WriteOnceAsync(int n, bool measured)
        {
            var deadline = Deadline(_timeout.TotalSeconds);
            var sent = Stopwatch.GetTimestamp();
            a.Send($"write /web/x {n}; echo ack {n}");
            long? ack = null, seen = null, firstEvent = null;
            var outstanding = false;
            while (ack is null || seen is null)
            {
                var line = await NextAsync(deadline, $"write {n}: waiting for {(ack is null ? "A's ack" : "")}{(ack is null && seen is null ? " and " : "")}{(seen is null ? "B to show " + n : "")}{(_watch && firstEvent is null ? " (B printed no change event)" : "")}");
                if (line.Source == "A")
                {
                    if (line.Text == $"ack {n}") ack = line.Timestamp;
                    else throw Unexpected(line, $"write {n}");
                }
                else if (line.Source == "B")
                {
                    if (_watch && line.Text is { } t && (t.StartsWith("changed ", StringComparison.Ordinal) || t.StartsWith("overflow ", StringComparison.Ordinal)))
                    {
                        _events += measured ? 1 : 0;
                        if (seen is not null) continue;
                        firstEvent ??= line.Timestamp;
                        if (!outstanding)
                        {
                            b.Send("cat /web/x");
                            outstanding = true;
                        }
                        continue;
                    }
                    var v = Value(line, $"write {n}");
                    if (_watch) outstanding = false;
                    else if (measured) _bReads++;
                    if (v == n)
                    {
                        seen ??= line.Timestamp;
                    }
                    else if (v == n - 1)
                    {
                        if (_watch && seen is null && firstEvent is not null)
                        {
                            // The watch subscriber heard the event before the cache element's subscriber dropped the copy.
                            if (measured) _extraCats++;
                            b.Send("cat /web/x");
                            outstanding = true;
                        }
                    }
                    else
                    {
                        throw new InvalidOperationException($"write {n}: B showed {v} (lost or reordered update)");
                    }
                }
                else
                {
                    throw Unexpected(line, $"write {n}");
                }
            }
            if (!measured) return;
            _propagation.Add(Ms(seen.Value - sent));
            _ack.Add(Ms(ack.Value - sent));
            if (firstEvent is { } e) _event.Add(Ms(e - sent));

            if (_watch)
            {
                // Once more: now a cache hit, which is what a reader of the cached view sees from here on.
                var t = Stopwatch.GetTimestamp();
                b.Send("cat /web/x");
                _rereadHit.Add(await RoundTripAsync(b, n.ToString(CultureInfo.InvariantCulture), t, n));
            }
            var t1 = Stopwatch.GetTimestamp();
            c.Send("cat /web/x");
            _originRead.Add(await RoundTripAsync(c, n.ToString(CultureInfo.InvariantCulture), t1, n));
            var t2 = Stopwatch.GetTimestamp();
            c.Send("echo pong");
            _echo.Add(await RoundTripAsync(c, "pong", t2, n));
        }

        // Waits for `expected` from `who`; B's loop (poll mode) keeps printing n meanwhile, which is fine.
        private async Task<double> RoundTripAsync(Child who, string expected, long sent, int n)
        {
            var deadline = Deadline(_timeout.TotalSeconds);
            while (true)
            {
                var line = await NextAsync(deadline, $"write {n}: waiting for {who.Name} to print {expected}");
                if (line.Source == who.Name && line.Text == expected) return Ms(line.Timestamp - sent);
                if (line.Source == "B" && _watch && line.Text is { } t && t.StartsWith("changed ", StringComparison.Ordinal))
                {
                    _events++;
                    continue;
                }
                if (line.Source == "B" && Value(line, $"write {n}") == n)
                {
                    if (!_watch) _bReads++;
                    continue;
                }
                throw Unexpected(line, $"write {n}");
            }
        }

        private async Task<Match> StatusAsync(int last)
        {
            if (!_watch) await File.WriteAllTextAsync(Path.Combine(dir, "ctl", "stop"), "");
            b.Send("status");
            var deadline = Deadline(_timeout.TotalSeconds);
            while (true)
            {
                var line = await NextAsync(deadline, "waiting for B's status");
                if (line.Source != "B") throw Unexpected(line, "status");
                if (line.Text is { } t && Counters().Match(t) is { Success: true } m) return m;
                if (line.Text is null) throw Unexpected(line, "status");
                if (line.Text.StartsWith("changed ", StringComparison.Ordinal)) continue;
                if (int.TryParse(line.Text, CultureInfo.InvariantCulture, out var v) && v == last) continue;
                if (line.Text.StartsWith("uploads:", StringComparison.Ordinal) || line.Text.StartsWith("cache ", StringComparison.Ordinal) || line.Text.TrimStart().StartsWith("options ", StringComparison.Ordinal)) continue;
                throw Unexpected(line, "status");
            }
        }

        private void Print(Match counters, int last)
        {
            Console.WriteLine($"  {"",-58} {"count",6} {"median",8} {"p90",8} {"p99",8} {"max",8}  (ms)");
            Row("propagation: A's write sent -> B prints the new value", _propagation);
            if (_watch) Row("  of which: A's write sent -> B prints the change event", _event);
            Row("baseline: A's write acknowledged (write; echo ack)", _ack);
            if (_watch) Row("baseline: B re-reads its cached view (cat, a hit)", _rereadHit);
            Row("baseline: C reads the origin, no cache (cat via httpfs)", _originRead);
            Row("baseline: C command round trip (echo)", _echo);
            var hits = long.Parse(counters.Groups[1].Value, CultureInfo.InvariantCulture);
            Console.WriteLine($"  correctness: all {_writes} measured values (and {_warmup} warm-up) appeared in B in order, none lost; last value {last}");
            if (_watch) Console.WriteLine($"  change events B printed: {_events} for {_writes} writes; reads that still showed the old value after the event: {_extraCats}");
            else Console.WriteLine($"  B's reads while measured: {_bReads} lines of `cat /web/x`");
            Console.WriteLine($"  B status: {counters.Value}");
            if (hits < _writes) throw new InvalidOperationException($"B's cache reported {hits} hits for {_writes} writes: B did not read its cached view");
            foreach (var child in new[] { a, b, c })
                if (child.Stderr.Length > 0) Console.WriteLine($"  {child.Name} stderr: {child.Stderr.Trim()}");
        }

        private static void Row(string name, List<double> values)
        {
            if (values.Count == 0) return;
            values.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-58} {values.Count,6} {Percentile(values, 0.5),8:0.0} {Percentile(values, 0.9),8:0.0} {Percentile(values, 0.99),8:0.0} {values[^1],8:0.0}"));
        }

        // Nearest rank.
        private static double Percentile(List<double> sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];

        // Each child prints its expected line once its mounts are done; they arrive in any order.
        private async Task StartedAsync(Dictionary<string, string> expected)
        {
            var deadline = Deadline(_timeout.TotalSeconds * 3);
            while (expected.Count > 0)
            {
                var line = await NextAsync(deadline, $"start-up: waiting for {string.Join(", ", expected.Keys)}");
                if (expected.TryGetValue(line.Source, out var text) && line.Text == text) expected.Remove(line.Source);
                else throw Unexpected(line, "start-up");
            }
        }

        private async Task<Line> NextAsync(long deadline, string what)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero) throw Timeout(what);
            using var cts = new CancellationTokenSource(left);
            try
            {
                var line = await lines.ReadAsync(cts.Token);
                if (line.Text is null) throw Unexpected(line, what);
                return line;
            }
            catch (OperationCanceledException)
            {
                throw Timeout(what);
            }
        }

        private TimeoutException Timeout(string what) =>
            new($"{what}: nothing within {_timeout.TotalSeconds:0} s{Stderrs()}");

        private int Value(Line line, string what) =>
            int.TryParse(line.Text, CultureInfo.InvariantCulture, out var v) ? v : throw Unexpected(line, what);

        private InvalidOperationException Unexpected(Line line, string what) =>
            new(line.Text is null
                ? $"{what}: nsh {line.Source} closed its output (exited){Stderrs()}"
                : $"{what}: unexpected line from {line.Source}: {line.Text}{Stderrs()}");

        private string Stderrs()
        {
            var s = string.Concat(new[] { a, b, c }.Where(x => x.Stderr.Length > 0).Select(x => $"\n  {x.Name} stderr: {x.Stderr.Trim()}"));
            return s;
        }
    }

    private static long Deadline(double seconds) => Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Elapsed(long since) => Ms(Stopwatch.GetTimestamp() - since);
}
