using System.Diagnostics;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>nsh as users run it: -c, a script file with arguments, commands on stdin, the startup script.</summary>
[TestClass]
public sealed class InvocationTests
{
    private TempDirectory _dir = null!;

    [TestInitialize]
    public void Init() => _dir = new TempDirectory();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task DashC_RunsCommandsAndExitsWithTheirStatus()
    {
        var ok = await NshProcess.RunAsync(_dir.Path, null, "-c", "write /f hello; cat /f");
        Assert.AreEqual("hello\n", ok.Stdout);
        Assert.AreEqual(0, ok.ExitCode, ok.Stderr);
        var failed = await NshProcess.RunAsync(_dir.Path, null, "-c", "cat /missing");
        Assert.AreEqual("nsh: cat: /missing: file not found\n", failed.Stderr);
        Assert.AreEqual(1, failed.ExitCode);
        Assert.AreEqual("", failed.Stdout);
    }

    [TestMethod]
    public async Task ScriptFile_GetsArgumentsAndStopsAtExit()
    {
        File.WriteAllText(_dir.Combine("s.rc"), "echo $#* $1 $2\nfor(a) echo arg $a\nexit 3\necho not reached\n");
        var result = await NshProcess.RunAsync(_dir.Path, null, "s.rc", "one", "two words");
        Assert.AreEqual("2 one two words\narg one\narg two words\n", result.Stdout);
        Assert.AreEqual(3, result.ExitCode);
    }

    [TestMethod]
    public async Task ScriptFile_SyntaxError_NamesFileLineAndColumn()
    {
        File.WriteAllText(_dir.Combine("bad.rc"), "echo fine\nfor(i in a b echo $i\n");
        var result = await NshProcess.RunAsync(_dir.Path, null, "bad.rc");
        // The list may go on over lines (as in a for list written on several lines), so the error is found at the end.
        Assert.AreEqual("nsh: bad.rc:3:1: expected ')' to close 'for('\n", result.Stderr);
        Assert.AreNotEqual(0, result.ExitCode);
        Assert.AreEqual("", result.Stdout, "nothing runs from a script that does not parse");
    }

    [TestMethod]
    public async Task Stdin_CommandsRunWithoutPrompt()
    {
        var result = await NshProcess.RunAsync(_dir.Path, "x=(a b)\nfor(i in $x) {\n  echo item $i\n}\necho done\n");
        Assert.AreEqual("item a\nitem b\ndone\n", result.Stdout);
        Assert.AreEqual("", result.Stderr);
        Assert.AreEqual(0, result.ExitCode);
    }

    [TestMethod]
    public async Task StartupScript_SearchOrder_FlagThenEnvironmentThenLocalFile()
    {
        File.WriteAllText(_dir.Combine("namespace.rc"), "mount -t mem fromfile /\n");
        File.WriteAllText(_dir.Combine("other.rc"), "mount -t mem fromflag /\n");
        Assert.AreEqual("mount -t mem fromfile /\n", (await NshProcess.RunAsync(_dir.Path, null, "-c", "ns")).Stdout);
        Assert.AreEqual("mount -t mem fromflag /\n", (await NshProcess.RunAsync(_dir.Path, null, "-n", "other.rc", "-c", "ns")).Stdout);
        Assert.AreEqual("", (await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "ns; ls /")).Stdout);
        File.Delete(_dir.Combine("namespace.rc"));
        Assert.AreEqual("mount -t mem root /\n", (await NshProcess.RunAsync(_dir.Path, null, "-c", "ns")).Stdout, "built-in default");
    }

    [TestMethod]
    public async Task StartupScript_Missing_SaysSoAndStillRuns()
    {
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "nope.rc", "-c", "echo still here");
        Assert.AreEqual("nsh: nope.rc: file not found\n", result.Stderr);
        Assert.AreEqual("still here\n", result.Stdout);
    }

    [TestMethod]
    public async Task Ns_AfterRepoStartupScript_ReplaysToSameNamespace()
    {
        RepoPaths.CopyStartupTo(_dir.Path);
        var first = await NshProcess.RunAsync(_dir.Path, null, "-c", "ns");
        Assert.AreEqual(0, first.ExitCode, first.Stderr);
        StringAssert.Contains(first.Stdout, "/tutorials");
        var replayed = await NshProcess.RunAsync(_dir.Path, first.Stdout + "ns\n", "-n", "none");
        Assert.AreEqual("", replayed.Stderr);
        Assert.AreEqual(first.Stdout, replayed.Stdout);
    }

    [TestMethod]
    public async Task BadOption_PrintsUsageAndFails()
    {
        var result = await NshProcess.RunAsync(_dir.Path, null, "--frob");
        StringAssert.StartsWith(result.Stderr, "nsh: unknown option --frob");
        Assert.AreEqual(2, result.ExitCode);
    }

    [TestMethod]
    public async Task StdoutReaderGone_AnEndlessLoopStopsWithTheSigpipeStatus()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "exec", NshProcess.DllPath, "-n", "none", "-c", "while(true) echo y" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            for (var i = 0; i < 3; i++) Assert.AreEqual("y", await process.StandardOutput.ReadLineAsync());
            // As `nsh -c ... | head -n 3` does once head has its lines.
            process.StandardOutput.Close();
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(guard.Token);
            Assert.AreEqual(141, process.ExitCode);
            Assert.AreEqual("", await stderr);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [TestMethod]
    public async Task ScriptFile_StartingWithFfFe_IsReadAsUtf8NotUtf16()
    {
        File.WriteAllBytes(_dir.Combine("s.rc"), [0xFF, 0xFE, (byte)'\n', .. "echo ok\n"u8.ToArray()]);
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "s.rc");
        Assert.AreEqual("ok\n", result.Stdout, result.Stderr);
    }
}
