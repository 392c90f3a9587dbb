namespace Nsh.Tests;

/// <summary>The interactive REPL end to end: nsh in a real 80×24 terminal (tmux), driven by keys.</summary>
[TestClass]
public sealed class ReplTests
{
    private string _home = null!;
    private readonly List<TmuxSession> _sessions = [];

    [TestInitialize]
    public void Setup()
    {
        _home = Path.Combine(Path.GetTempPath(), "nsh-repl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_home);
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        foreach (var session in _sessions) await session.DisposeAsync();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<TmuxSession> StartAsync(params string[] environment)
    {
        var session = await TmuxSession.StartAsync(_home, _home, environment);
        _sessions.Add(session);
        await session.WaitForPromptAsync(1);
        return session;
    }

    [TestMethod]
    public async Task UpRecallsEarlierCommandsAndTheHistoryOutlivesTheShell()
    {
        var nsh = await StartAsync();
        await nsh.RunAsync("echo one");
        await nsh.RunAsync("echo two");
        await nsh.PressAsync("Up");
        await nsh.WaitForLastLineAsync("/; echo two");
        await nsh.PressAsync("Up");
        await nsh.WaitForLastLineAsync("/; echo one");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLineAsync("one", count: 2);
        await nsh.WaitForPromptAsync(4);
        await nsh.PressAsync("C-d");
        Assert.AreEqual(0, await nsh.WaitForExitAsync());

        var file = Path.Combine(_home, ".nsh", "history");
        CollectionAssert.AreEqual(new[] { "echo one", "echo two", "echo one" }, File.ReadAllLines(file));

        var again = await StartAsync();
        await again.PressAsync("Up");
        await again.WaitForLastLineAsync("/; echo one");
        await again.PressAsync("Up");
        await again.WaitForLastLineAsync("/; echo two");
        await again.PressAsync("Down");
        await again.WaitForLastLineAsync("/; echo one");
        await again.PressAsync("Enter");
        await again.WaitForLineAsync("one");
    }

    [TestMethod]
    public async Task ThePromptCountsPendingUploads_AndLeavingWithSomeSaysTheyAreLost()
    {
        var nsh = await StartAsync();
        await nsh.RunAsync("mount -t mem origin /o; mount -bC -o mode=writeback,delay=1h -t mem c /o");
        await nsh.TypeAsync("write /o/a.txt x");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLastLineAsync("/ (1 pending);");
        await nsh.TypeAsync("flush");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLastLineAsync("/;");
        await nsh.TypeAsync("write /o/b.txt y");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLastLineAsync("/ (1 pending);");

        await nsh.PressAsync("C-d");

        await nsh.WaitForLineAsync("nsh: 1 change not uploaded is lost with this session (its cache is in memory)");
        Assert.AreEqual(0, await nsh.WaitForExitAsync());
    }

    [TestMethod]
    public async Task TabCompletesPathsAndBuiltinNames()
    {
        var nsh = await StartAsync();
        await nsh.RunAsync("mount -t mem m /mnt");
        await nsh.RunAsync("write /mnt/alpha.txt x");
        await nsh.TypeAsync("cat /mnt/al");
        await nsh.PressAsync("Tab");
        await nsh.WaitForLastLineAsync("/; cat /mnt/alpha.txt");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLineAsync("x");
        await nsh.WaitForPromptAsync(4);

        await nsh.TypeAsync("hel");
        await nsh.PressAsync("Tab");
        await nsh.WaitForLastLineAsync("/; help");
        await nsh.PressAsync("C-u");
        await nsh.WaitForLastLineAsync("/;");

        // Relative to the current directory, a directory gets a slash, and a Tab that cannot
        // extend an ambiguous word lists the candidates.
        await nsh.RunAsync("mkdir /mnt/alps");
        await nsh.TypeAsync("cd /mn");
        await nsh.PressAsync("Tab");
        await nsh.WaitForLastLineAsync("/; cd /mnt/");
        await nsh.PressAsync("Enter");
        await nsh.WaitForAsync("the prompt in /mnt", s => s[^1] == "/mnt;");
        await nsh.TypeAsync("ls al");
        await nsh.PressAsync("Tab");
        await nsh.WaitForLastLineAsync("/mnt; ls alp");
        await nsh.PressAsync("Tab");
        await nsh.WaitForAsync("the candidates listed", s => s.Count >= 2 && s[^2] == "alpha.txt  alps/" && s[^1] == "/mnt; ls alp");
    }

    [TestMethod]
    public async Task CtrlCCancelsTheRunningCommandAndClearsTheLineButTheShellLives()
    {
        var nsh = await StartAsync();
        await nsh.RunAsync("mount -t mem m /mnt");
        // "started" shows that the command is running, so Ctrl+C reaches watch, not the prompt.
        await nsh.TypeAsync("echo started; watch /mnt");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLineAsync("started");
        await nsh.PressAsync("C-c");
        var screen = await nsh.WaitForPromptAsync(3);
        Assert.AreEqual("started", screen[^2], "watch printed nothing, and nothing but the prompt follows it");

        await nsh.TypeAsync("echo nope");
        await nsh.WaitForLastLineAsync("/; echo nope");
        await nsh.PressAsync("C-c");
        await nsh.WaitForPromptAsync(4);

        screen = await nsh.RunAsync("echo alive");
        CollectionAssert.Contains(screen.ToList(), "alive");
        CollectionAssert.DoesNotContain(screen.ToList(), "nope");
        Assert.IsFalse(await nsh.IsDeadAsync());
    }

    [TestMethod]
    public async Task CtrlCCancelsALongCatWithoutKillingTheShell()
    {
        var nsh = await StartAsync();
        // /dev/zero through localfs never ends: only Ctrl+C stops this cat.
        await nsh.RunAsync("mount -o ro -t local /dev /host-dev");
        await nsh.TypeAsync("echo started; cat /host-dev/zero | wc -c");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLineAsync("started");
        await nsh.PressAsync("C-c");
        await nsh.WaitForPromptAsync(3);
        var screen = await nsh.RunAsync("echo alive");
        CollectionAssert.Contains(screen.ToList(), "alive");
        Assert.IsFalse(await nsh.IsDeadAsync());
    }

    [TestMethod]
    public async Task UnfinishedInputAsksForMoreLinesAndRunsAsOneCommandAndOneHistoryEntry()
    {
        var nsh = await StartAsync();
        await nsh.TypeAsync("for(i in a b) {");
        await nsh.PressAsync("Enter");
        // The continuation prompt is an indent: the cursor sits after it on the next line.
        await nsh.WaitForCursorAsync(column: 4, row: 1);
        await nsh.TypeAsync("echo $i");
        await nsh.PressAsync("Enter");
        await nsh.TypeAsync("}");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLineAsync("a");
        await nsh.WaitForLineAsync("b");
        await nsh.WaitForPromptAsync(2);

        // The three lines came back with one Up and run again as one command.
        await nsh.PressAsync("Up");
        await nsh.WaitForAsync("the whole for loop recalled", s => s.Count >= 3 && s[^3] == "/; for(i in a b) {" && s[^2].Trim() == "echo $i" && s[^1].Trim() == "}");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLineAsync("b", count: 2);
        await nsh.WaitForPromptAsync(3);
        Assert.AreEqual(@"for(i in a b) {\necho $i\n}", File.ReadAllLines(Path.Combine(_home, ".nsh", "history")).Single());
    }

    [TestMethod]
    public async Task CtrlDOnAnEmptyLineExitsWithTheLastStatus()
    {
        var nsh = await StartAsync();
        await nsh.RunAsync("false");
        await nsh.PressAsync("C-d");
        Assert.AreEqual(1, await nsh.WaitForExitAsync());
    }

    [TestMethod]
    public async Task CtrlDOnALineWithTextDoesNotExit()
    {
        var nsh = await StartAsync();
        await nsh.TypeAsync("echo kept");
        await nsh.PressAsync("C-a", "C-d");
        await nsh.WaitForLastLineAsync("/; cho kept");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLineAsync("nsh: cho: command not found (try help)");
        Assert.IsFalse(await nsh.IsDeadAsync());
    }

    [TestMethod]
    public async Task AGarbageHistoryFileIsReportedOnceAndTheShellGoesOn()
    {
        var directory = Path.Combine(_home, ".nsh");
        Directory.CreateDirectory(directory);
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(Path.Combine(directory, "history"), garbage);

        var nsh = await StartAsync();
        var screen = await nsh.RunAsync("echo fine");
        CollectionAssert.Contains(screen.ToList(), "fine");
        Assert.AreEqual(1, screen.Count(l => l.Contains("history: not a history file", StringComparison.Ordinal)), string.Join('\n', screen));
        screen = await nsh.RunAsync("echo still");
        Assert.AreEqual(1, screen.Count(l => l.Contains("not a history file", StringComparison.Ordinal)));
        CollectionAssert.AreEqual(garbage, await File.ReadAllBytesAsync(Path.Combine(directory, "history")), "the file was left alone");
    }

    [TestMethod]
    public async Task OutputWithoutAFinalNewlineIsNotDrawnOver()
    {
        var nsh = await StartAsync();
        await nsh.RunAsync("echo -n partial");
        await nsh.WaitForLineAsync("partial");
    }

    [TestMethod]
    public async Task ATerminalWithoutAnsiGetsThePlainLoop()
    {
        // TERM=dumb: RadLine cannot drive it, so nsh falls back to plain line reading.
        var nsh = await StartAsync("TERM=dumb");
        await nsh.RunAsync("echo plain");
        await nsh.TypeAsync("for(i in a b) {");
        await nsh.PressAsync("Enter");
        await nsh.TypeAsync("echo $i");
        await nsh.PressAsync("Enter");
        await nsh.TypeAsync("}");
        await nsh.PressAsync("Enter");
        await nsh.WaitForLineAsync("b");
        await nsh.WaitForPromptAsync(3);
        var screen = await nsh.RunAsync("history");
        CollectionAssert.Contains(screen.ToList(), "    1  echo plain");
        await nsh.PressAsync("C-d");
        Assert.AreEqual(0, await nsh.WaitForExitAsync());
        CollectionAssert.AreEqual(new[] { "echo plain", @"for(i in a b) {\necho $i\n}", "history" }, File.ReadAllLines(Path.Combine(_home, ".nsh", "history")));
    }
}
