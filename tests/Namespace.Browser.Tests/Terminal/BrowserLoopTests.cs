using Namespace.Browser.State;
using Namespace.Browser.Terminal;
using Namespace.Browser.Tests.Support;
using Namespace.Caching;
using Namespace.Core.Paths;

namespace Namespace.Browser.Tests.Terminal;

[TestClass]
public sealed class BrowserLoopTests
{
    [TestMethod]
    public async Task Loop_WritesInTheNamespaceWhileOpen_ShowTheNewNamesAndKeysStillWork()
    {
        var os = await Namespaces.DemoAsync();
        var terminal = new FakeTerminal(new TerminalSize(80, 24));
        var loop = BrowserLoop.RunAsync(os, VPath.Parse("/union"), null, terminal, CancellationToken.None);
        await terminal.WaitForAsync("the listing", t => t.Contains("> docs/", StringComparison.Ordinal));

        await os.WriteAllTextAsync("/union/live.txt", "arrived while browsing\n");
        await terminal.WaitForAsync("the new file", t => t.Contains("  live.txt ", StringComparison.Ordinal));

        terminal.Press("/ live Enter");
        await terminal.WaitForAsync("its preview", t => t.Contains(" arrived while browsing", StringComparison.Ordinal));
        terminal.Press("q");
        var last = await loop.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.IsTrue(last.Quit);
    }

    [TestMethod]
    public async Task Loop_AfterMovingIntoADirectory_FollowsChangesThere()
    {
        var os = await Namespaces.DemoAsync();
        var terminal = new FakeTerminal(new TerminalSize(80, 24));
        var loop = BrowserLoop.RunAsync(os, VPath.Root, null, terminal, CancellationToken.None);
        await terminal.WaitForAsync("the listing", t => t.Contains("> big/", StringComparison.Ordinal));

        terminal.Press("Down Enter");
        await terminal.WaitForAsync("/union", t => t.Contains("> docs/", StringComparison.Ordinal));
        await os.WriteAllTextAsync("/union/later.txt", "x");
        await terminal.WaitForAsync("the new file", t => t.Contains("  later.txt ", StringComparison.Ordinal));

        terminal.Press("q");
        await loop.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [TestMethod]
    public async Task Loop_TerminalResized_DrawsForTheNewSize()
    {
        var os = await Namespaces.DemoAsync();
        var terminal = new FakeTerminal(new TerminalSize(80, 24));
        var loop = BrowserLoop.RunAsync(os, VPath.Root, null, terminal, CancellationToken.None);
        await terminal.WaitForAsync("the listing", t => t.Contains("> big/", StringComparison.Ordinal));

        terminal.Size = new TerminalSize(200, 50);
        var text = await terminal.WaitForAsync("side-by-side panes", t => t.Split('\n').Length == 50);
        StringAssert.Contains(text, "│ preview: big");

        terminal.EndInput();
        await loop.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [TestMethod]
    public async Task Loop_Cancelled_Ends()
    {
        var os = await Namespaces.DemoAsync();
        var terminal = new FakeTerminal(new TerminalSize(80, 24));
        using var cancel = new CancellationTokenSource();
        var loop = BrowserLoop.RunAsync(os, VPath.Root, null, terminal, cancel.Token);
        await terminal.WaitForAsync("the listing", t => t.Contains("> big/", StringComparison.Ordinal));
        await cancel.CancelAsync();
        var last = await loop.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.IsFalse(last.Quit);
    }

    [TestMethod]
    public async Task Loop_UploadQueue_ShowsInTheHeaderAndTheRows_AsItChanges()
    {
        var os = await Namespaces.WriteBackAsync();
        var terminal = new FakeTerminal(new TerminalSize(80, 24));
        var loop = BrowserLoop.RunAsync(os, VPath.Parse("/o"), null, terminal, CancellationToken.None);
        await terminal.WaitForAsync("the listing", t => t.Contains("> f.txt", StringComparison.Ordinal));

        await os.WriteAllTextAsync("/o/new.txt", "hello");
        await terminal.WaitForAsync("the change counted and listed dirty", t => Header(t).EndsWith(" uploads: 1 pending", StringComparison.Ordinal) && HasRow(t, "new.txt", " dirty "));
        await os.FlushAsync("/o");
        await terminal.WaitForAsync("the queue empty and the row clean", t => !Header(t).Contains("uploads", StringComparison.Ordinal) && HasRow(t, "new.txt", " fresh "));

        terminal.Press("q");
        await loop.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [TestMethod]
    public async Task Loop_FlushWithTheOriginDown_KeepsTheKeysWorking_AndQuitsAtOnce()
    {
        var os = await Namespaces.WriteBackAsync(delay: "0", origin: await Namespaces.DownOriginAsync());
        try
        {
            await os.WriteAllTextAsync("/o/a.txt", "a");
            await os.WriteAllTextAsync("/o/b.txt", "b");
            var terminal = new FakeTerminal(new TerminalSize(80, 24));
            var loop = BrowserLoop.RunAsync(os, VPath.Parse("/o"), null, terminal, CancellationToken.None);
            await terminal.WaitForAsync("the listing", t => t.Contains("> a.txt", StringComparison.Ordinal));

            terminal.Press("f");
            await terminal.WaitForAsync("the flush under way", t => t.Contains(" flushing /o...", StringComparison.Ordinal));
            terminal.Press("Down");
            await terminal.WaitForAsync("the cursor moved while flushing", t => t.Contains("> b.txt", StringComparison.Ordinal) && t.Contains(" flushing /o...", StringComparison.Ordinal));
            terminal.Size = new TerminalSize(200, 50);
            await terminal.WaitForAsync("the new size while flushing", t => t.Split('\n').Length == 50 && t.Contains(" flushing /o...", StringComparison.Ordinal));

            terminal.Press("q");
            var last = await loop.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.IsTrue(last.Quit);
        }
        finally
        {
            await os.CloseAsync();
        }
    }

    private static string Header(string frame) => frame.Split('\n')[0];

    private static bool HasRow(string frame, string name, string contains) =>
        frame.Split('\n').Any(l => l.StartsWith("  " + name + " ", StringComparison.Ordinal) && l.Contains(contains, StringComparison.Ordinal));
}
