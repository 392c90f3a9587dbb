using Namespace.Browser.State;
using Namespace.Browser.Tests.Support;

namespace Namespace.Browser.Tests.State;

[TestClass]
public sealed class NavigationTests
{
    [TestMethod]
    public async Task Open_Directory_ListsEveryColumnWithTheCursorOnTheFirstEntry()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");

        var lines = browser.Lines;
        StringAssert.StartsWith(lines[0], " nsh browse  /union");
        Assert.IsFalse(lines[0].Contains("uploads", StringComparison.Ordinal), "no upload queue, nothing said of it: " + lines[0]);
        StringAssert.Contains(lines[1], "NAME");
        StringAssert.Contains(lines[1], "SERVED BY");
        StringAssert.StartsWith(browser.CursorRow, "> docs/");
        var notes = lines.Single(l => l.StartsWith("  notes.txt", StringComparison.Ordinal));
        StringAssert.Matches(notes, new System.Text.RegularExpressions.Regex(@"^  notes\.txt +9 \d{4}-\d\d-\d\d \d\d:\d\d - +mem:scratch$"));
        StringAssert.Contains(lines.Single(l => l.StartsWith("  readme.txt", StringComparison.Ordinal)), "mem:base");
        Assert.AreEqual(24, browser.Render().Lines.Count);
    }

    [TestMethod]
    public async Task EnterThenBackspace_ReturnsToTheParentWithTheCursorOnTheDirectoryLeft()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/");
        StringAssert.StartsWith(browser.CursorRow, "> big/");

        await browser.PressAsync("Down Enter");
        Assert.AreEqual("/union", browser.State.Path.Value);
        await browser.PressAsync("Enter");
        Assert.AreEqual("/union/docs", browser.State.Path.Value);
        StringAssert.StartsWith(browser.CursorRow, "> a.md");

        await browser.PressAsync("Bs");
        Assert.AreEqual("/union", browser.State.Path.Value);
        StringAssert.StartsWith(browser.CursorRow, "> docs/");
        await browser.PressAsync("Left");
        StringAssert.StartsWith(browser.CursorRow, "> union/");
        await browser.PressAsync("Left Left");
        Assert.AreEqual("/", browser.State.Path.Value);
    }

    [TestMethod]
    public async Task RightArrow_OnAFile_StaysPut()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        await browser.PressAsync("End Right Enter");
        Assert.AreEqual("/union", browser.State.Path.Value);
        StringAssert.StartsWith(browser.CursorRow, "> readme.txt");
    }

    [TestMethod]
    public async Task TenThousandEntries_PagingAndEnd_ScrollTheListingAndKeepTheCursorOnScreen()
    {
        var os = await Namespaces.DemoAsync(bigFiles: 10_000);
        var browser = await HeadlessBrowser.OpenAsync(os, "/big");
        var rows = BrowserLayout.For(browser.State.Size).ListingRows;
        StringAssert.EndsWith(browser.Lines[^2], "1/10000");

        await browser.PressAsync("PgDn");
        StringAssert.StartsWith(browser.CursorRow, $"> f{rows:D5}.txt");
        Assert.IsFalse(browser.Text.Contains("f00000.txt", StringComparison.Ordinal), "the first page scrolled away");

        await browser.PressAsync("End");
        StringAssert.StartsWith(browser.CursorRow, "> f09999.txt");
        StringAssert.EndsWith(browser.Lines[^2], "10000/10000");
        Assert.IsTrue(browser.Text.Contains($"  f{10_000 - rows:D5}.txt", StringComparison.Ordinal), "the last page fills the pane");

        await browser.PressAsync("Up Up PgUp");
        StringAssert.StartsWith(browser.CursorRow, $"> f{9997 - rows:D5}.txt");

        await browser.PressAsync("Home");
        StringAssert.StartsWith(browser.CursorRow, "> f00000.txt");
        await browser.PressAsync("Up");
        StringAssert.StartsWith(browser.CursorRow, "> f00000.txt");
    }

    [TestMethod]
    public async Task Filter_TypedAfterSlash_ShowsMatchingNamesAndEscClearsIt()
    {
        var os = await Namespaces.DemoAsync(bigFiles: 10_000);
        var browser = await HeadlessBrowser.OpenAsync(os, "/big");

        await browser.PressAsync("/ 999");
        StringAssert.Contains(browser.Lines[^2], "filter: 999");
        StringAssert.EndsWith(browser.Lines[^2], "1/19 of 10000");
        StringAssert.StartsWith(browser.CursorRow, "> f00999.txt");

        await browser.PressAsync("Bs Bs 8 Enter Down");
        StringAssert.StartsWith(browser.CursorRow, "> f00198.txt");
        StringAssert.Contains(browser.Lines[^2], "filter: 98");

        // With the filter kept, letters are commands again: q quits.
        await browser.PressAsync("Esc");
        StringAssert.StartsWith(browser.CursorRow, "> f00198.txt");
        StringAssert.EndsWith(browser.Lines[^2], "199/10000");
        await browser.PressAsync("q");
        Assert.IsTrue(browser.State.Quit);
    }

    [TestMethod]
    public async Task Filter_MatchingNothing_SaysSoAndIsCaseInsensitive()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        await browser.PressAsync("/ zzz");
        StringAssert.Contains(browser.Text, "(no names match the filter)");
        await browser.PressAsync("Bs Bs Bs README");
        StringAssert.StartsWith(browser.CursorRow, "> readme.txt");
    }

    [TestMethod]
    public async Task Resize_ToASmallerTerminal_KeepsTheCursorVisible()
    {
        var os = await Namespaces.DemoAsync(bigFiles: 100);
        var browser = await HeadlessBrowser.OpenAsync(os, "/big", 200, 50);
        await browser.PressAsync("Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down");
        StringAssert.StartsWith(browser.CursorRow, "> f00030.txt");

        await browser.SendAsync(new BrowserEvent.Resized(new TerminalSize(80, 24)));
        Assert.AreEqual(24, browser.Lines.Length);
        StringAssert.StartsWith(browser.CursorRow, "> f00030.txt");
        Assert.IsTrue(browser.Lines.All(l => l.Length <= 80));

        await browser.SendAsync(new BrowserEvent.Resized(new TerminalSize(30, 5)));
        StringAssert.StartsWith(browser.Text, "terminal too small: 30x5");
    }

    [TestMethod]
    public async Task Quit_ByQOrCtrlC_EndsTheBrowser()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/");
        await browser.PressAsync("C-c");
        Assert.IsTrue(browser.State.Quit);
        browser = await HeadlessBrowser.OpenAsync(os, "/");
        await browser.PressAsync("/ q");
        Assert.IsFalse(browser.State.Quit, "q typed into the filter is text");
    }
}
