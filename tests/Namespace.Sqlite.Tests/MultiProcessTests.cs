using System.Diagnostics;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Sqlite.Tests.Support;
using Namespace.Sqlite.Tests.Worker;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests;

[TestClass]
public sealed class MultiProcessTests
{
    private const int Iterations = 150;
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task TwoProcesses_WriteAndReadOneDatabaseAtOnce_NeitherSeesLockErrorsOrTornData()
    {
        var file = _dir.Combine("shared.db");
        await using var fs = await DbFiles.OpenAsync(file, new DbOpenOptions { ChunkSize = SharedWorkload.ChunkSize });
        var (exitCode, output) = await RunWithWorkerAsync(file, workload: null, token => SharedWorkload.RunAsync(fs, "A", Iterations, token));

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "done");
        Assert.IsFalse(output.Contains("locked", StringComparison.OrdinalIgnoreCase), output);

        // Every change of both processes is there, and the file is sound.
        CollectionAssert.AreEqual(new[] { "shared", "w-A/", "w-B/" }, await fs.NamesAsync("/"));
        var names = await fs.NamesAsync("/w-B");
        Assert.AreEqual(Iterations - Iterations / 5, names.Count);
        Assert.AreEqual(SharedWorkload.SharedSize, (await fs.StatAsync(SharedWorkload.Shared))!.Size);
        Assert.AreEqual("ok", RawDb.Scalar(file, "PRAGMA integrity_check"));
        Assert.AreEqual(0L, RawDb.Int64(file, "SELECT count(*) FROM contents WHERE staged_at IS NOT NULL"));
        Assert.AreEqual(RawDb.Int64(file, "SELECT count(*) FROM entries WHERE kind = 0"), RawDb.Int64(file, "SELECT count(*) FROM contents"));
    }

    [TestMethod]
    public async Task SecondProcess_ReadsWhatFirstCommitted()
    {
        var file = _dir.Combine("handoff.db");
        await using (var fs = await DbFiles.OpenAsync(file))
        {
            await fs.WriteAsync("/from-parent", "hello");
        }
        using var worker = StartWorker(file, "C", iterations: 1);
        Assert.AreEqual("ready", await worker.StandardOutput.ReadLineAsync());
        await worker.StandardInput.WriteLineAsync("go");
        await worker.StandardInput.FlushAsync();
        var output = await worker.StandardOutput.ReadToEndAsync();
        await worker.WaitForExitAsync();
        Assert.AreEqual(0, worker.ExitCode, output);

        await using var reopened = await DbFiles.OpenAsync(file);
        Assert.AreEqual("hello", await reopened.ReadTextAsync("/from-parent"));
        Assert.IsNotNull(await reopened.StatAsync(VPath.Parse("/w-C/r0000")), "the other process's change is visible here");
    }

    [TestMethod]
    public async Task TwoProcesses_FillTouchAndCountInOneDatabaseAtOnce_NoLockErrorsAndNothingLost()
    {
        var file = _dir.Combine("cache.db");
        await using var fs = await DbFiles.OpenAsync(file, new DbOpenOptions { ChunkSize = SharedCacheWorkload.ChunkSize });
        await using (var fill = await fs.OpenFillAsync(SharedCacheWorkload.Touched, SharedCacheWorkload.Record("\"t\"", 1)))
            await fill.WriteAsync(new byte[1]);
        var (exitCode, output) = await RunWithWorkerAsync(file, "cache", token => SharedCacheWorkload.RunAsync(fs, "A", Iterations, token));

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "done");
        Assert.IsFalse(output.Contains("locked", StringComparison.OrdinalIgnoreCase), output);

        // No touch and no counter delta of either process was lost, and the file is sound.
        var delta = SharedCacheWorkload.Delta;
        var expected = default(CacheCounters);
        for (var i = 0; i < 2 * Iterations; i++) expected += delta;
        Assert.AreEqual(expected, await fs.ReadCountersAsync(VPath.Root));
        Assert.AreEqual(2L * Iterations, (await fs.GetRecordAsync(SharedCacheWorkload.Touched))!.AccessCount);
        Assert.AreEqual(SharedCacheWorkload.SharedSize, (await fs.GetRecordAsync(SharedCacheWorkload.Shared))!.Size);
        Assert.AreEqual("ok", RawDb.Scalar(file, "PRAGMA integrity_check"));
        Assert.AreEqual(0L, RawDb.Int64(file, "SELECT count(*) FROM contents WHERE staged_at IS NOT NULL"));
        Assert.AreEqual(0L, RawDb.Int64(file, "SELECT count(*) FROM pragma_foreign_key_check"));
    }

    // Runs this process's side of a workload together with worker B's over the same file; returns the worker's exit code and output.
    private static async Task<(int ExitCode, string Output)> RunWithWorkerAsync(string file, string? workload, Func<CancellationToken, Task> mine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var worker = StartWorker(file, "B", Iterations, workload);
        try
        {
            // A handshake instead of sleeps: both sides start their loops together.
            var ready = await worker.StandardOutput.ReadLineAsync(timeout.Token);
            if (ready != "ready") Assert.Fail($"worker said {ready}: {await worker.StandardError.ReadToEndAsync(timeout.Token)}");
            await worker.StandardInput.WriteLineAsync("go");
            await worker.StandardInput.FlushAsync(timeout.Token);

            var ours = mine(timeout.Token);
            var theirs = worker.StandardOutput.ReadToEndAsync(timeout.Token);
            await ours;
            var output = await theirs;
            await worker.WaitForExitAsync(timeout.Token);
            return (worker.ExitCode, output);
        }
        finally
        {
            if (!worker.HasExited) worker.Kill();
        }
    }

    private static Process StartWorker(string file, string name, int iterations = Iterations, string? workload = null)
    {
        var assembly = typeof(WorkerProgram).Assembly.Location;
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", assembly, "worker", file, name, iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        if (workload is not null) info.ArgumentList.Add(workload);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the worker process");
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) return host;
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
