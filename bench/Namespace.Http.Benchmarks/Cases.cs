using System.Diagnostics;
using System.Globalization;
using System.Text;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Http.Client;

namespace Namespace.Http.Benchmarks;

/// <summary>Each case once: httpfs through a fresh provider (cold connection), curl as a fresh process.</summary>
internal static class Cases
{
    private const int CopyBuffer = 64 * 1024; // what nsh's cat uses

    public static async Task<double> CurlBigAsync(Uri server, BenchData data)
    {
        // curl's own timer: its process start is not counted against it.
        var output = await CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_download}", new Uri(server, "big.bin").AbsoluteUri);
        var parts = output.Split(' ');
        if (parts[0] != "200" || long.Parse(parts[2], CultureInfo.InvariantCulture) != data.BigBytes) throw new InvalidOperationException("curl: " + output);
        return data.BigBytes / double.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    public static async Task<double> HttpfsBigAsync(Uri server, BenchData data)
    {
        var buffer = new byte[CopyBuffer];
        var watch = Stopwatch.StartNew();
        long total = 0;
        using (var fs = await HttpFileSystem.ConnectAsync(server))
        {
            await using var stream = await fs.OpenReadAsync(VPath.Parse("/big.bin"));
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0) total += n;
        }
        watch.Stop();
        if (total != data.BigBytes) throw new InvalidOperationException($"httpfs read {total} bytes");
        return total / watch.Elapsed.TotalSeconds;
    }

    public static async Task<double> CurlSmallAsync(Uri server, BenchData data)
    {
        var config = new StringBuilder();
        for (var i = 0; i < data.Options.SmallFiles; i++)
            config.Append(CultureInfo.InvariantCulture, $"url = \"{new Uri(server, "small/" + BenchData.SmallName(i)).AbsoluteUri}\"\noutput = \"/dev/null\"\n");
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, config.ToString());
        try
        {
            // Wall time of the whole curl process: one process, one connection, every URL.
            var watch = Stopwatch.StartNew();
            var output = await CurlAsync("-s", "-K", path, "-w", "%{http_code} %{num_connects}\n");
            watch.Stop();
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != data.Options.SmallFiles || lines.Any(l => !l.StartsWith("200 ", StringComparison.Ordinal)))
                throw new InvalidOperationException("curl small: " + output[..Math.Min(200, output.Length)]);
            var connects = lines.Sum(l => int.Parse(l[4..], CultureInfo.InvariantCulture));
            if (connects != 1) throw new InvalidOperationException($"curl made {connects} connections, not 1");
            return watch.Elapsed.TotalSeconds;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Reads every small file in turn; returns the time and the requests per file (the OPTIONS of the mount not counted).</summary>
    public static async Task<(double Seconds, double RequestsPerFile, long Connections)> HttpfsSmallAsync(Uri server, BenchData data, bool throughNamespace)
    {
        var buffer = new byte[CopyBuffer];
        var counter = new CountingHandler();
        using var client = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        var watch = Stopwatch.StartNew();
        using var fs = await HttpFileSystem.ConnectAsync(server, new HttpFileSystemOptions { Client = client });
        var before = counter.Requests;
        VirtualOS? os = null;
        if (throughNamespace)
        {
            os = new VirtualOS();
            await os.MountAsync("/w", fs);
        }
        for (var i = 0; i < data.Options.SmallFiles; i++)
        {
            var name = "small/" + BenchData.SmallName(i);
            await using var stream = os is null ? await fs.OpenReadAsync(VPath.Parse("/" + name)) : await os.OpenReadAsync("/w/" + name);
            var total = 0;
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0) total += n;
            if (total != BenchData.SmallFileBytes) throw new InvalidOperationException($"httpfs read {total} bytes of {name}");
        }
        watch.Stop();
        return (watch.Elapsed.TotalSeconds, (counter.Requests - before) / (double)data.Options.SmallFiles, counter.Connections);
    }

    /// <summary>The same 4 KiB ranges with curl (one process, one connection): what headers cost on their own.</summary>
    public static async Task<(double Ratio, double Seconds)> CurlRangedAsync(Uri server, BenchData data)
    {
        var url = new Uri(server, "huge.bin").AbsoluteUri;
        var config = new StringBuilder();
        foreach (var offset in data.RandomOffsets())
        {
            if (config.Length > 0) config.Append("next\n");
            config.Append(CultureInfo.InvariantCulture, $"url = \"{url}\"\nrange = \"{offset}-{offset + 4095}\"\noutput = \"/dev/null\"\nsilent\nwrite-out = \"%{{http_code}} %{{size_download}} %{{size_header}}\\n\"\n");
        }
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, config.ToString());
        try
        {
            var watch = Stopwatch.StartNew();
            var output = await CurlAsync("-K", path);
            watch.Stop();
            long received = 0;
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                if (parts[0] != "206" || parts[1] != "4096") throw new InvalidOperationException("curl ranged: " + line);
                received += long.Parse(parts[1], CultureInfo.InvariantCulture) + long.Parse(parts[2], CultureInfo.InvariantCulture);
            }
            if (lines.Length != data.Options.RandomReads) throw new InvalidOperationException($"curl ranged: {lines.Length} answers");
            return (received / (4096.0 * data.Options.RandomReads), watch.Elapsed.TotalSeconds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task<(double Ratio, double RequestsPerRead, double MicrosPerRead, long Connections)> HttpfsRangedAsync(Uri server, BenchData data)
    {
        var counter = new CountingHandler();
        var offsets = data.RandomOffsets();
        var buffer = new byte[4096];
        var watch = new Stopwatch();
        using (var client = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan })
        using (var fs = await HttpFileSystem.ConnectAsync(server, new HttpFileSystemOptions { Client = client }))
        {
            watch.Start();
            await using var stream = await fs.OpenReadAsync(VPath.Parse("/huge.bin"));
            foreach (var offset in offsets)
            {
                stream.Position = offset;
                await stream.ReadExactlyAsync(buffer);
            }
            watch.Stop();
        }
        // Every connection is closed now, so its count is in.
        var requested = 4096.0 * offsets.Length;
        return (counter.BytesReceived / requested, (counter.Requests - 1) / (double)offsets.Length, watch.Elapsed.TotalMicroseconds / offsets.Length, counter.Connections);
    }

    private static async Task<string> CurlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("curl did not start (apt-get install curl)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"curl {string.Join(' ', args)}: exit {process.ExitCode}: {await error}");
        return await output;
    }
}
