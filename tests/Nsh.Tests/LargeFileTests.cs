using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>Large files stream through a dbfs cache element: nsh's memory stays flat whatever the file's size.</summary>
[TestClass]
public sealed partial class LargeFileTests
{
    private const long GiB = 1L << 30;

    [GeneratedRegex(@"maxrss=(\d+)")]
    private static partial Regex MaxRss();

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task A1GiBFile_ReadThroughADbfsCache_KeepsNshUnder200MB()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("origin"));
        await using (var big = File.Create(dir.Combine("origin", "big"))) big.SetLength(GiB);

        // Read once through an empty cache (the miss fills it as it streams), then again from the cache.
        var result = await RunMeasuredAsync(dir.Path,
            "mount -t local origin /o; mount -bC -o ttl=1h -t db cache.db /o; cat /o/big | wc -c; cat /o/big | wc -c; status");

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        StringAssert.StartsWith(result.Stdout, $"{GiB}\n{GiB}\n");
        StringAssert.Contains(result.Stdout, "hits=1 misses=1");
        StringAssert.Contains(result.Stdout, $"files=1 bytes={GiB}");
        var peakKiB = long.Parse(MaxRss().Match(result.Stderr).Groups[1].Value);
        Console.WriteLine($"nsh peak resident set: {peakKiB / 1024} MiB");
        Assert.IsTrue(peakKiB < 200 * 1000, $"nsh peaked at {peakKiB / 1024} MiB reading 1 GiB twice");
    }

    // Runs nsh under GNU time, which reports the process's peak resident set size (KiB) on stderr.
    private static async Task<NshProcess.Result> RunMeasuredAsync(string workingDirectory, string commands)
    {
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { "-f", "maxrss=%M", "dotnet", "exec", NshProcess.DllPath, "-n", "none", "-c", commands }) start.ArgumentList.Add(a);
        start.Environment["HOME"] = workingDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new NshProcess.Result(process.ExitCode, await stdout, await stderr);
    }
}
