using Namespace.Browser.Rendering;
using Namespace.Browser.State;
using Namespace.Browser.Terminal;
using Namespace.Browser.Tests.Support;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.Tests.Rendering;

[TestClass]
public sealed class EscapingTests
{
    private static readonly string[] MarkupNames = ["[red]boom", "[", "]", "a[b]c", "[[x]]", ":smile: face", "[bold]x[-]", "[link=x]y[ ]"];

    [TestMethod]
    public async Task MarkupCharactersInNames_AreShownAsWritten()
    {
        var os = await Namespaces.WithFilesAsync([.. MarkupNames.Select(n => ("/" + n, "x"))]);
        var browser = await HeadlessBrowser.OpenAsync(os, "/");
        foreach (var name in MarkupNames)
            Assert.IsTrue(browser.Lines.Any(l => l.Length > 2 && l[2..].StartsWith(name + " ", StringComparison.Ordinal)), $"{name} missing:\n{browser.Text}");
    }

    [TestMethod]
    public async Task MarkupCharactersInNames_ReachTheTerminalUnchanged()
    {
        var os = await Namespaces.WithFilesAsync([.. MarkupNames.Select(n => ("/" + n, "x"))]);
        var browser = await HeadlessBrowser.OpenAsync(os, "/");
        await browser.PressAsync("/ [ Enter");

        var ansi = FrameWriter.ToAnsi(browser.Render());

        foreach (var name in MarkupNames.Where(n => n.Contains('[', StringComparison.Ordinal)))
            StringAssert.Contains(ansi, name);
        StringAssert.Contains(ansi, "filter: [");
    }

    [TestMethod]
    public void ControlAndFormatCharactersInNames_AreShownAsVisibleSymbols()
    {
        NsEntry File(string name) => new(name, EntryKind.File, 1, (UnixFileMode)420, DateTimeOffset.UnixEpoch, null, "mem:x");
        var state = BrowserState.Open(VPath.Root, new TerminalSize(80, 24));
        var step = BrowserUpdate.Update(state, new BrowserEvent.Listed(VPath.Root, [File("a\x1b[2Jb"), File("line\nbreak"), File("evil\u202Etxt.exe"), File("del\x7f")]));

        var screen = BrowserRender.Render(step.State, state.Size);
        var text = screen.ToText();

        StringAssert.Contains(text, "a␛[2Jb");
        StringAssert.Contains(text, "line␊break");
        StringAssert.Contains(text, "evil<U+202E>txt.exe");
        StringAssert.Contains(text, "del␡");
        var ansi = FrameWriter.ToAnsi(screen);
        Assert.IsFalse(ansi.Contains("\x1b[2J", StringComparison.Ordinal), "a name cleared the screen");
        Assert.IsFalse(ansi.Contains('\n', StringComparison.Ordinal) || ansi.Contains('\u202E', StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task WideAndLongNames_AreClippedToTheirColumn()
    {
        var longName = new string('x', 100) + ".txt";
        var os = await Namespaces.WithFilesAsync(("/" + longName, "x"), ("/日本語のファイル名.txt", "x"));
        var browser = await HeadlessBrowser.OpenAsync(os, "/");
        var screen = browser.Render();
        for (var row = 0; row < screen.Lines.Count; row++)
            Assert.AreEqual(80, CellText.Width(screen.Line(row)), $"row {row} is not 80 cells: {screen.Line(row)}");
        StringAssert.Contains(browser.Text, "日本語のファイル名.txt");
        StringAssert.Contains(browser.Text, "xxx…");
    }

    [TestMethod]
    public void LongElementLabels_KeepTheirTypeAndTheEndOfTheirSource()
    {
        var entry = new NsEntry("f", EntryKind.File, 1, (UnixFileMode)420, DateTimeOffset.UnixEpoch, null, "local:/a/very/long/host/directory/tutorials");
        var state = BrowserUpdate.Update(BrowserState.Open(VPath.Root, new TerminalSize(80, 24)), new BrowserEvent.Listed(VPath.Root, [entry])).State;

        var row = BrowserRender.Render(state, state.Size).Line(2);

        StringAssert.EndsWith(row.TrimEnd(), " local:…/tutorials");
    }
}
