using System.Diagnostics;
using System.Text;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// SIGINT or SIGTERM to nsh in the middle of a write into a local directory: the write is cancelled, its hidden
/// temporary file removed, the file left as it was, and nsh exits 130 (143 for SIGTERM) as docs/nsh.md says.
/// </summary>
[TestClass]
public sealed class InterruptCleanupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private TempDirectory _dir = null!;

    [TestInitialize]
    public void Init() => _dir = new TempDirectory();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public Task Script_SigintDuringLocalWrite_RemovesTempFileAndExits130() => InterruptWriteAsync("INT", 130);

    [TestMethod]
    public Task Script_SigtermDuringLocalWrite_RemovesTempFileAndExits143() => InterruptWriteAsync("TERM", 143);

    [TestMethod]
    public async Task Serve_SigintDuringPut_RemovesTempFile()
    {
        var served = _dir.Combine("srv");
        Directory.CreateDirectory(served);
        using var nsh = Start("serve", "srv", "127.0.0.1:0");
        using var client = new HttpClient();
        using var stopUpload = new CancellationTokenSource();
        try
        {
            var line = await nsh.StandardOutput.ReadLineAsync().WaitAsync(Patience) ?? "";
            StringAssert.StartsWith(line, "serving srv at ");
            var url = new Uri(line[(line.LastIndexOf(" at ", StringComparison.Ordinal) + 4)..]);
            // An upload that never ends: the PUT is under way until the signal comes.
            var put = new HttpRequestMessage(HttpMethod.Put, new Uri(url, "big")) { Content = new EndlessContent() };
            put.Headers.TransferEncodingChunked = true;
            var upload = client.SendAsync(put, stopUpload.Token);
            await WaitForTempDataAsync(served, nsh);
            Signal(nsh.Id, "INT");
            using var guard = new CancellationTokenSource(Patience);
            await nsh.WaitForExitAsync(guard.Token);
            Assert.AreEqual(130, nsh.ExitCode);
            Assert.AreEqual(0, Directory.GetFileSystemEntries(served).Length, "no temporary file is left");
            await stopUpload.CancelAsync();
            try
            {
                await upload;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // The server went away mid-upload, as it should.
            }
        }
        finally
        {
            if (!nsh.HasExited) nsh.Kill(entireProcessTree: true);
        }
    }

    private sealed class EndlessContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            var block = new byte[64 * 1024];
            while (true) await stream.WriteAsync(block, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private async Task InterruptWriteAsync(string signal, int expectedExit)
    {
        var target = _dir.Combine("t");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "big"), "old content");
        // An endless producer into a file: the write is under way until the signal comes.
        using var nsh = Start("-n", "none", "-c", "mount -t local t /t; { while(true) echo yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy } > /t/big");
        try
        {
            await WaitForTempDataAsync(target, nsh);
            Signal(nsh.Id, signal);
            using var guard = new CancellationTokenSource(Patience);
            await nsh.WaitForExitAsync(guard.Token);
            Assert.AreEqual(expectedExit, nsh.ExitCode, await nsh.StandardError.ReadToEndAsync());
            CollectionAssert.AreEqual(new[] { "big" }, Directory.GetFileSystemEntries(target).Select(Path.GetFileName).ToArray(), "no temporary file is left");
            Assert.AreEqual("old content", File.ReadAllText(Path.Combine(target, "big")));
        }
        finally
        {
            if (!nsh.HasExited) nsh.Kill(entireProcessTree: true);
        }
    }

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(NshProcess.DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NSH_NAMESPACE"] = null;
        start.Environment["HOME"] = _dir.Path;
        return Process.Start(start)!;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.AreEqual(0, kill.ExitCode, "kill");
    }

    // Waits until the write has put data in its temporary file, told by the host's file watcher (no polling), or fails
    // when nsh ends first or nothing comes within Patience.
    private static async Task WaitForTempDataAsync(string directory, Process process)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(directory, ".nsh-tmp-*") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size };
        void Check()
        {
            if (Directory.GetFiles(directory, ".nsh-tmp-*").Any(f => new FileInfo(f).Length > 0)) ready.TrySetResult();
        }
        watcher.Created += (_, _) => Check();
        watcher.Changed += (_, _) => Check();
        watcher.EnableRaisingEvents = true;
        Check();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(Patience));
        if (first == exited) Assert.Fail($"nsh ended first ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}");
        if (first != ready.Task) Assert.Fail("the write never started");
    }
}
