using System.Globalization;
using Namespace.Http.Benchmarks;
using Namespace.Http.Server;

// httpfs against curl, on loopback, from the same origin server (a separate process), in one run.
// Usage: Namespace.Http.Benchmarks [--rounds N] [--big-mib N] [--small N] [--random-reads N] [--huge-mib N]
//        Namespace.Http.Benchmarks serve DIR   (the server process; ends when its stdin closes)
if (args is ["serve", var served])
{
    await using var origin = await OriginServer.StartAsync(served, "127.0.0.1:0");
    Console.WriteLine(origin.Url);
    await Console.In.ReadToEndAsync();
    return 0;
}

var options = BenchOptions.Parse(args);
using var data = new BenchData(options);
Console.Error.WriteLine($"# files in {data.Directory}: {options.BigMiB} MiB, {options.SmallFiles} x {BenchData.SmallFileBytes} B, {options.HugeMiB} MiB (sparse)");
await using var server = await ServerProcess.StartAsync(data.Directory);
Console.Error.WriteLine($"# server {server.Url} (pid {server.Pid}); {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Trim()}");

var big = new Dictionary<string, List<double>> { ["curl"] = [], ["httpfs"] = [] };
var small = new Dictionary<string, List<double>> { ["curl"] = [], ["httpfs"] = [], ["httpfs via VirtualOS"] = [] };
var requestsPerFile = new Dictionary<string, double>();
var connections = new Dictionary<string, long>();
var ranged = new Dictionary<string, List<double>> { ["curl"] = [], ["httpfs"] = [] };
var rangedRequests = 0.0;
var rangedMicros = new List<double>();
var rangedConnections = 0L;

for (var round = -1; round < options.Rounds; round++)
{
    var warmup = round < 0;
    // Alternate which side goes first, so neither always meets a freshly idle machine.
    var curlFirst = round % 2 == 0;
    async Task Pair(Func<Task> curl, Func<Task> httpfs)
    {
        if (curlFirst) { await curl(); await httpfs(); }
        else { await httpfs(); await curl(); }
    }

    await Pair(
        async () => Record(big["curl"], await Cases.CurlBigAsync(server.Url, data), warmup),
        async () => Record(big["httpfs"], await Cases.HttpfsBigAsync(server.Url, data), warmup));
    await Pair(
        async () => Record(small["curl"], await Cases.CurlSmallAsync(server.Url, data), warmup),
        async () =>
        {
            var (seconds, requests, opened) = await Cases.HttpfsSmallAsync(server.Url, data, throughNamespace: false);
            Record(small["httpfs"], seconds, warmup);
            requestsPerFile["httpfs"] = requests;
            connections["httpfs"] = opened;
        });
    var (nsSeconds, nsRequests, nsOpened) = await Cases.HttpfsSmallAsync(server.Url, data, throughNamespace: true);
    Record(small["httpfs via VirtualOS"], nsSeconds, warmup);
    requestsPerFile["httpfs via VirtualOS"] = nsRequests;
    connections["httpfs via VirtualOS"] = nsOpened;
    await Pair(
        async () => Record(ranged["curl"], (await Cases.CurlRangedAsync(server.Url, data)).Ratio, warmup),
        async () =>
        {
            var r = await Cases.HttpfsRangedAsync(server.Url, data);
            Record(ranged["httpfs"], r.Ratio, warmup);
            if (!warmup) rangedMicros.Add(r.MicrosPerRead);
            rangedRequests = r.RequestsPerRead;
            rangedConnections = r.Connections;
        });
    Console.Error.WriteLine(warmup ? "# warm-up round done" : $"# round {round + 1}/{options.Rounds} done");
}

static void Record(List<double> list, double value, bool warmup)
{
    if (!warmup) list.Add(value);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

string F(double v, string format = "F2") => v.ToString(format, CultureInfo.InvariantCulture);

Console.WriteLine($"httpfs vs curl on loopback, {options.Rounds} rounds after a warm-up round, medians; load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine();
Console.WriteLine($"cold {options.BigMiB} MiB read (new provider/connection per read; MB/s = 10^6 bytes/s)");
Console.WriteLine($"  {"case",-24} {"MB/s",9} {"min",9} {"max",9} {"ratio",7}");
var curlBig = Median(big["curl"]);
foreach (var (name, values) in big)
    Console.WriteLine($"  {name,-24} {F(Median(values) / 1e6, "F0"),9} {F(values.Min() / 1e6, "F0"),9} {F(values.Max() / 1e6, "F0"),9} {F(Median(values) / curlBig),7}");
Console.WriteLine("  target: httpfs >= 0.90 x curl");
Console.WriteLine();
Console.WriteLine($"{options.SmallFiles} small files of {BenchData.SmallFileBytes} B, one after another over one keep-alive connection (ratio = curl time / time: >1 is faster than curl)");
Console.WriteLine($"  {"case",-24} {"ms",9} {"min",9} {"max",9} {"ratio",7} {"req/file",9} {"conns",6}");
var curlSmall = Median(small["curl"]);
foreach (var (name, values) in small)
{
    var perFile = requestsPerFile.TryGetValue(name, out var r) ? F(r) : "1.00";
    var opened = connections.TryGetValue(name, out var c) ? c : 1;
    Console.WriteLine($"  {name,-24} {F(Median(values) * 1000, "F1"),9} {F(values.Min() * 1000, "F1"),9} {F(values.Max() * 1000, "F1"),9} {F(curlSmall / Median(values)),7} {perFile,9} {opened,6}");
}
Console.WriteLine();
Console.WriteLine($"{options.RandomReads} random 4 KiB reads of a {options.HugeMiB} MiB file: bytes received (headers and bodies, TCP) / bytes requested");
Console.WriteLine($"  {"case",-24} {"ratio",9} {"min",9} {"max",9}");
foreach (var (name, values) in ranged)
    Console.WriteLine($"  {name,-24} {F(Median(values), "F3"),9} {F(values.Min(), "F3"),9} {F(values.Max(), "F3"),9}");
Console.WriteLine($"  httpfs: {F(rangedRequests)} requests per read, {rangedConnections} connections, {F(Median(rangedMicros), "F0")} us per read");
return 0;
