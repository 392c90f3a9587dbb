using System.Diagnostics;
using System.Globalization;
using System.Text;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// dbfs as several nsh processes use one database at once, and as one leaves it: nothing written is lost, no error is
/// false, and the database is one file again when nsh is done with it.
/// </summary>
[TestClass]
public sealed class SharedDatabaseTests
{
    private const int Appends = 300;
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task TwoNshProcesses_AppendingToOneFileAtOnce_LoseNoLineAndReportNoError()
    {
        var numbers = string.Join(' ', Enumerable.Range(1, Appends));
        var scripts = new[] { "A", "B" }.Select(w => $"mount -t db log.db /d; for(i in {numbers}) write -a /d/log {w}$i").ToArray();

        var results = await RunAtOnceAsync(scripts);

        foreach (var result in results) Assert.AreEqual((0, ""), (result.ExitCode, result.Stderr));
        var lines = (await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db log.db /d; cat /d/log")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(2 * Appends, lines.Length);
        foreach (var w in new[] { "A", "B" })
        {
            var own = lines.Where(l => l.StartsWith(w, StringComparison.Ordinal)).ToArray();
            CollectionAssert.AreEqual(Enumerable.Range(1, Appends).Select(i => w + i.ToString(CultureInfo.InvariantCulture)).ToArray(), own,
                $"{w}'s lines, each once and in its order");
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task ThreeNshProcesses_MakingTheSameDeepDirectoriesWithMkdirP_AllSucceed()
    {
        var numbers = string.Join(' ', Enumerable.Range(1, 40));
        var script = $"mount -t db dirs.db /d; for(i in {numbers}) mkdir -p /d/$i/a/b/c/d/e";

        var results = await RunAtOnceAsync([script, script, script]);

        foreach (var result in results) Assert.AreEqual((0, ""), (result.ExitCode, result.Stderr), "an existing directory is no error for -p");
        var made = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db dirs.db /d; ls -d /d/*/a/b/c/d/e | wc -l");
        Assert.AreEqual("40", made.Stdout.Trim(), made.Stderr);
    }

    // Starts one nsh process per script at once (each with `-n none -c SCRIPT`) and waits for all; any still running
    // when the test gives up is killed by its own PID.
    private async Task<NshProcess.Result[]> RunAtOnceAsync(string[] scripts)
    {
        var processes = new List<Process>();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            var runs = new List<Task<NshProcess.Result>>();
            foreach (var script in scripts)
            {
                var start = new ProcessStartInfo("dotnet")
                {
                    WorkingDirectory = _dir.Path,
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    StandardOutputEncoding = Encoding.UTF8,
                    StandardErrorEncoding = Encoding.UTF8,
                };
                foreach (var a in new[] { "exec", NshProcess.DllPath, "-n", "none", "-c", script }) start.ArgumentList.Add(a);
                start.Environment["NSH_NAMESPACE"] = null;
                start.Environment["HOME"] = _dir.Path;
                var process = Process.Start(start)!;
                processes.Add(process);
                process.StandardInput.Close();
                runs.Add(CollectAsync(process, patience.Token));
            }
            return await Task.WhenAll(runs);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    private static async Task<NshProcess.Result> CollectAsync(Process process, CancellationToken cancellationToken)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new NshProcess.Result(process.ExitCode, await stdout, await stderr);
    }
}
