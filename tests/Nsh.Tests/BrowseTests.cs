namespace Nsh.Tests;

/// <summary><c>browse</c> end to end: nsh in a real terminal (tmux) at 80×24 and 200×50, driven by keys.</summary>
[TestClass]
public sealed class BrowseTests
{
    private const string Namespace = """
        mount -t mem root /
        mount -o ro -t local lower /union
        mount -bC -t db cache.db /union
        mount -bc -t mem upper /union
        write /union/upper-note.txt written into the upper element
        # Reading readme.txt through the union fills the cache element with it.
        x=`{cat /union/readme.txt}
        """;

    // /o writes back to a memfs origin that /raw shows as another client sees it: new.txt waits to be uploaded, and f.txt
    // was changed on both sides, so its upload conflicts.
    private const string WriteBackNamespace = """
        mount -t mem root /
        mount -t mem origin /o
        bind /o /raw
        write /raw/f.txt base
        mount -bC -o mode=writeback,delay=1h -t mem c /o
        x=`{cat /o/f.txt}
        write /o/new.txt hello
        write /o/f.txt mine
        write /raw/f.txt theirs
        """;

    private string _home = null!;
    private readonly List<TmuxSession> _sessions = [];

    [TestInitialize]
    public void Setup()
    {
        _home = Path.Combine(Path.GetTempPath(), "nsh-browse-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_home, "lower", "docs"));
        File.WriteAllText(Path.Combine(_home, "lower", "readme.txt"), "read me first\n");
        File.WriteAllText(Path.Combine(_home, "lower", "[red]not-markup.txt"), "x\n");
        File.WriteAllText(Path.Combine(_home, "lower", "docs", "guide.md"), "# The guide\n");
        File.WriteAllText(Path.Combine(_home, "ns.rc"), Namespace);
        File.WriteAllText(Path.Combine(_home, "wb.rc"), WriteBackNamespace);
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

    private async Task<TmuxSession> StartAsync(params string[] arguments)
    {
        var session = await TmuxSession.StartWithArgumentsAsync(_home, _home, arguments);
        _sessions.Add(session);
        return session;
    }

    private static Func<IReadOnlyList<string>, bool> Row(string start, string contains = "") =>
        s => s.Any(l => l.StartsWith(start, StringComparison.Ordinal) && l.Contains(contains, StringComparison.Ordinal));

    // The header, whole: with no upload queue it ends with the path.
    private static Func<IReadOnlyList<string>, bool> Header(string text) => s => s.Count > 0 && s[0] == text;

    [TestMethod]
    public async Task BrowseBuiltin_NavigateFilterPurgeLiveUpdateResizeQuit_LeavesAUsablePrompt()
    {
        var nsh = await StartAsync("-n", "ns.rc");
        await nsh.WaitForPromptAsync(1);
        await nsh.RunAsync("browse /nowhere");
        await nsh.WaitForLineAsync("nsh: browse: /nowhere: file not found");
        await nsh.TypeAsync("browse /");
        await nsh.PressAsync("Enter");
        await nsh.WaitForAsync("the browser on /, no upload queue", Header(" nsh browse  /"));
        await nsh.WaitForAsync("the cursor on union/", Row("> union/"));

        // Into the union: names from both elements, each with the element that serves it.
        await nsh.PressAsync("Enter");
        await nsh.WaitForAsync("the browser on /union", Header(" nsh browse  /union"));
        await nsh.WaitForAsync("a name from the upper element", Row("  upper-note.txt", "mem:upper"));
        // readme.txt was read at start-up, so the cache element holds it and serves it.
        var screen = await nsh.WaitForAsync("a name from the lower element", Row("  readme.txt", "db:"));
        Assert.IsTrue(Row("> [red]not-markup.txt")(screen), "a name with markup is shown as written:\n" + string.Join('\n', screen));
        Assert.AreEqual(24, (await nsh.CaptureScreenAsync()).Count);

        // Filter, then a file appears in the lower element's directory on the host: the listing follows.
        await nsh.TypeAsync("/read");
        await nsh.WaitForAsync("the filter", Row(" filter: read", "1/1 of 4"));
        await nsh.PressAsync("Enter");

        // Purge the cached copy of readme.txt from the dbfs cache element: its state goes from fresh to -.
        await nsh.WaitForAsync("readme.txt cached", Row("> readme.txt", " fresh "));
        await nsh.PressAsync("p");
        await nsh.WaitForAsync("the purge reported", Row(" purged readme.txt: 1 cached copy dropped"));
        await nsh.WaitForAsync("readme.txt no longer cached", Row("> readme.txt", " -  "));

        await File.WriteAllTextAsync(Path.Combine(_home, "lower", "read-later.txt"), "new\n");
        await nsh.WaitForAsync("the new file", Row("  read-later.txt", "local:"));
        await nsh.PressAsync("Escape");
        await nsh.WaitForAsync("the filter gone", Row("  upper-note.txt"));

        // Wider: the preview moves beside the listing.
        await nsh.ResizeAsync(200, 50);
        await nsh.WaitForAsync("side-by-side panes", s => s.Any(l => l.Contains("│ preview: ", StringComparison.Ordinal)) && s.Count >= 50);
        await nsh.PressAsync("n");
        await nsh.WaitForAsync("the namespace view", Row("", "│   ├ mem:upper  -c"));

        await nsh.PressAsync("q");
        await nsh.WaitForAsync("the prompt back", s => s.Count > 0 && s[^1] == "/;");
        await nsh.RunAsync("echo still here");
        await nsh.WaitForLineAsync("still here");
        await nsh.PressAsync("C-d");
        Assert.AreEqual(0, await nsh.WaitForExitAsync());
    }

    [TestMethod]
    public async Task NshBrowse_At200By50ThenResizedTo80By24_DrawsBothLayoutsAndExitsCleanly()
    {
        var nsh = await StartAsync("-n", "ns.rc", "browse", "/union/docs/guide.md");
        await nsh.ResizeAsync(200, 50);
        await nsh.WaitForAsync("side-by-side panes at 200x50", s => Row("> guide.md")(s) && Row("", "│ preview: guide.md")(s));
        await nsh.WaitForAsync("the head of the file", Row("", "│ # The guide"));

        await nsh.PressAsync("BSpace");
        await nsh.WaitForAsync("up into /union, on docs/", Row("> docs/", "local:"));

        await nsh.ResizeAsync(80, 24);
        await nsh.WaitForAsync("the stacked layout at 80x24", s => s.Any(l => l.StartsWith("── preview: docs ", StringComparison.Ordinal)) && s.All(l => l.Length <= 80));
        await nsh.PressAsync("f");
        await nsh.WaitForAsync("nothing to flush in /union", Row(" flush /union: nothing to upload"));

        await nsh.PressAsync("C-c");
        Assert.AreEqual(0, await nsh.WaitForExitAsync());
        var screen = await nsh.CaptureScreenAsync();
        Assert.IsFalse(screen.Any(l => l.Contains("nsh browse", StringComparison.Ordinal)), "the alternate screen is left:\n" + string.Join('\n', screen));
    }

    [TestMethod]
    public async Task NshBrowse_OverAWriteBackElement_CountsTheQueue_FlushesWithF_AndShowsTheConflict()
    {
        var nsh = await StartAsync("-n", "wb.rc", "browse", "/o");
        await nsh.WaitForAsync("the queue in the header", Row(" nsh browse  /o ", "uploads: 2 pending"));
        await nsh.WaitForAsync("both rows dirty", s => Row("> f.txt", " dirty ")(s) && Row("  new.txt", " dirty ")(s));

        await nsh.PressAsync("f");
        await nsh.WaitForAsync("the flush's outcome", Row(" flush /o: 1 change left: conflict /o/f.txt: changed at the origin"));
        await nsh.WaitForAsync("the conflict counted and shown, new.txt uploaded", s =>
            Row(" nsh browse  /o ", "uploads: 1 conflict")(s) && Row("> f.txt", " conflict ")(s) && Row("  new.txt", " fresh ")(s));

        await nsh.PressAsync("q");
        Assert.AreEqual(0, await nsh.WaitForExitAsync());
        await nsh.WaitForLineAsync("nsh: 1 change not uploaded is lost with this session (its cache is in memory)");
    }

    [TestMethod]
    public async Task Browse_WithoutATerminal_RefusesInOneLine()
    {
        var result = await NshProcess.RunAsync(_home, "", "-n", "none", "browse");
        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual("nsh: browse: not a terminal (stdin and stdout must both be a terminal)\n", result.Stderr);
        Assert.AreEqual("", result.Stdout);
    }
}
