using Namespace.Http.Tests;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// Commands that once ended nsh with an internal error (status 70): each now fails alone, with one line,
/// and the script or the interactive session goes on.
/// </summary>
[TestClass]
public sealed class InternalErrorTests
{
    private TempDirectory _dir = null!;
    private StubServer _server = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = new TempDirectory();
        // Answers as broken servers do: a listing shorter than its Content-Length, a redirect to "//".
        _server = new StubServer((method, target, _) =>
            method == "OPTIONS" ? StubServer.Response(200, "OK")
            : target.StartsWith("/short/", StringComparison.Ordinal) ? "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n" + (method == "GET" ? "<html><body><a href=\"x\">x</a>" : "")
            : target.StartsWith("/redirect/", StringComparison.Ordinal) ? StubServer.Response(302, "Found", headers: "Location: //\r\n")
            : StubServer.Response(404, "Not Found"));
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    // Each with the command name its one-line error starts with.
    private (string Command, string Name)[] Crashers() =>
    [
        ($"mount -t http {_server.Url}short/ /h1; ls /h1", "ls"),
        ($"mount -t http {_server.Url}redirect/ /h2; ls /h2", "ls"),
        ("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! | grep '^(a+)+$'", "grep"),
        ("serve . nonsense", "serve"),
        ($"serve . 127.0.0.1:{_server.Url.Port}", "serve"),
    ];

    [TestMethod]
    public async Task Script_CommandsThatEndedTheShell_FailAloneWithOneLineAndTheScriptGoesOn()
    {
        foreach (var (command, name) in Crashers())
        {
            var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", command + "\necho alive");
            Assert.AreEqual("alive\n", result.Stdout, $"{command}: {result.Stderr}");
            Assert.AreEqual(0, result.ExitCode, $"{command}: {result.Stderr}");
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.AreEqual(1, lines.Length, $"{command}: {result.Stderr}");
            StringAssert.StartsWith(lines[0], $"nsh: {name}: ", command);
        }
    }

    [TestMethod]
    public async Task Repl_CommandsThatEndedTheShell_LeaveTheSessionAnswering()
    {
        // NSH_DEBUG=0: the one-line errors, not stack traces, so the screen keeps what the test waits for.
        await using var nsh = await TmuxSession.StartAsync(_dir.Path, _dir.Path, "NSH_DEBUG=0");
        await nsh.WaitForPromptAsync(1);
        var number = 0;
        foreach (var (command, _) in Crashers())
        {
            // Typed while the command may still run: the shell reads it once the command is done, if it lives.
            await nsh.TypeAsync(command);
            await nsh.PressAsync("Enter");
            await nsh.TypeAsync("echo alive-" + number);
            await nsh.PressAsync("Enter");
            await nsh.WaitForLineAsync("alive-" + number);
            Assert.IsFalse(await nsh.IsDeadAsync(), command);
            number++;
        }
    }

    [TestMethod]
    public async Task ScriptFile_ADirectory_IsOneLineAndStatusOne()
    {
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", _dir.Path);
        Assert.AreEqual($"nsh: {_dir.Path}: is a directory\n", result.Stderr);
        Assert.AreEqual(1, result.ExitCode);
    }
}
