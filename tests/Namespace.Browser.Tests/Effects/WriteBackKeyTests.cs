using Namespace.Browser.Rendering;
using Namespace.Browser.State;
using Namespace.Browser.Tests.Support;
using Namespace.Core.Paths;

namespace Namespace.Browser.Tests.Effects;

/// <summary>The browser over a write-back element: <c>f</c> flushes, the header counts the upload queue, rows show what waits.</summary>
[TestClass]
public sealed class WriteBackKeyTests
{
    private static readonly VPath O = VPath.Parse("/o");

    [TestMethod]
    public async Task Open_WithChangesWaiting_CountsThemInTheHeader_AndRowsSayDirty()
    {
        var os = await Namespaces.WriteBackAsync();
        await os.WriteAllTextAsync("/o/new.txt", "hello");

        var browser = await HeadlessBrowser.OpenAsync(os, "/o");

        StringAssert.EndsWith(browser.Lines[0], " uploads: 1 pending");
        StringAssert.Contains(Row(browser, "new.txt"), " dirty ");
        StringAssert.Contains(Row(browser, "f.txt"), " fresh ");
    }

    [TestMethod]
    public async Task Open_WithNothingWaiting_SaysNothingOfUploads()
    {
        var os = await Namespaces.WriteBackAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/o");
        Assert.IsFalse(browser.Lines[0].Contains("uploads", StringComparison.Ordinal), browser.Lines[0]);
    }

    [TestMethod]
    public async Task F_FlushesTheDirectoryShown_SaysFlushingThenFlushed_AndTheQueueEmpties()
    {
        var os = await Namespaces.WriteBackAsync();
        await os.WriteAllTextAsync("/o/new.txt", "hello");
        var browser = await HeadlessBrowser.OpenAsync(os, "/o");

        var step = BrowserUpdate.Update(browser.State, Key('f'));
        Assert.AreEqual("flushing /o...", step.State.Message);
        CollectionAssert.AreEqual(new BrowserEffect[] { new BrowserEffect.Flush(O) }, step.Effects.ToArray());

        await browser.PressAsync("f");

        StringAssert.StartsWith(browser.Lines[^2], " flushed /o ");
        Assert.AreEqual("hello", await os.ReadAllTextAsync("/raw/new.txt"));
        await browser.SendAsync(new BrowserEvent.UploadQueueChanged());
        Assert.IsFalse(browser.Lines[0].Contains("uploads", StringComparison.Ordinal), browser.Lines[0]);
        StringAssert.Contains(Row(browser, "new.txt"), " fresh ", "uploaded (a clean copy, as ls -l says): the listing is read again");
    }

    [TestMethod]
    public async Task F_WithNothingWaiting_SaysSo()
    {
        var os = await Namespaces.WriteBackAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/o");
        await browser.PressAsync("f");
        StringAssert.StartsWith(browser.Lines[^2], " flush /o: nothing to upload ");
    }

    [TestMethod]
    public async Task F_WhenAChangeConflicts_SaysHowManyAreLeftAndNamesTheFirst()
    {
        var os = await Namespaces.WriteBackAsync();
        await os.WriteAllTextAsync("/o/f.txt", "mine");
        await os.WriteAllTextAsync("/raw/f.txt", "theirs");
        await os.WriteAllTextAsync("/o/new.txt", "hello");
        var browser = await HeadlessBrowser.OpenAsync(os, "/o", width: 160);

        await browser.PressAsync("f");

        StringAssert.StartsWith(browser.Lines[^2], " flush /o: 1 change left: conflict /o/f.txt: changed at the origin since this change was made");
        await browser.SendAsync(new BrowserEvent.UploadQueueChanged());
        StringAssert.EndsWith(browser.Lines[0], " uploads: 1 conflict");
        StringAssert.Contains(Row(browser, "f.txt"), " conflict ");
        StringAssert.Contains(Row(browser, "new.txt"), " fresh ");
    }

    [TestMethod]
    public async Task F_WithTheOriginDown_GivesUpAfterTheTimeout_AndSaysWhatIsLeft()
    {
        var os = await Namespaces.WriteBackAsync(delay: "0", origin: await Namespaces.DownOriginAsync());
        try
        {
            await os.WriteAllTextAsync("/o/a.txt", "a");
            await os.WriteAllTextAsync("/o/b.txt", "b");
            var browser = await HeadlessBrowser.OpenAsync(os, "/o", width: 160, flushTimeout: TimeSpan.FromSeconds(1));

            await browser.PressAsync("f");

            StringAssert.Matches(browser.Lines[^2], new System.Text.RegularExpressions.Regex(
                @"^ flush /o: timed out after 1s: 2 changes not uploaded yet: (pending|uploading) /o/a\.txt"));
            Assert.IsNull(browser.State.Flushing, "the next f flushes again");
        }
        finally
        {
            await os.CloseAsync();
        }
    }

    [TestMethod]
    public void F_PressedWhileFlushing_StartsNoSecondFlush()
    {
        var state = Listed(BrowserState.Open(O, new TerminalSize(80, 24)));
        var first = BrowserUpdate.Update(state, Key('f'));

        var second = BrowserUpdate.Update(first.State, Key('f'));

        Assert.IsEmpty(second.Effects);
        Assert.AreEqual("still flushing /o...", second.State.Message);
    }

    [TestMethod]
    public void Resized_WhileFlushing_KeepsSayingSo_AndTheOutcomeStillArrives()
    {
        var state = BrowserUpdate.Update(Listed(BrowserState.Open(O, new TerminalSize(80, 24))), Key('f')).State;

        state = BrowserUpdate.Update(state, new BrowserEvent.Resized(new TerminalSize(200, 50))).State;

        var lines = BrowserRender.Render(state, state.Size).ToText().Split('\n');
        Assert.HasCount(50, lines);
        StringAssert.StartsWith(lines[^2], " flushing /o...");
        state = BrowserUpdate.Update(state, new BrowserEvent.Flushed(O, 1, [])).State;
        Assert.AreEqual("flushed /o", state.Message);
    }

    [TestMethod]
    public void Flushed_AfterMovingElsewhere_StillSaysWhatWasFlushed()
    {
        var state = BrowserUpdate.Update(Listed(BrowserState.Open(O, new TerminalSize(80, 24))), Key('f')).State;
        state = BrowserUpdate.Update(state, new BrowserEvent.KeyPressed(new BrowserKey(ConsoleKey.Backspace))).State;

        state = BrowserUpdate.Update(state, new BrowserEvent.Flushed(O, 1, [])).State;

        Assert.AreEqual(VPath.Root, state.Path);
        Assert.AreEqual("flushed /o", state.Message);
        Assert.IsNull(state.Flushing);
    }

    [TestMethod]
    public void UploadQueueChanged_ManyAtOnce_ReadTheQueueOnceMore_AfterTheReadUnderWay()
    {
        var state = Listed(BrowserState.Open(O, new TerminalSize(80, 24)));
        var effects = new List<BrowserEffect>();
        for (var i = 0; i < 100; i++)
        {
            var step = BrowserUpdate.Update(state, new BrowserEvent.UploadQueueChanged());
            state = step.State;
            effects.AddRange(step.Effects);
        }
        CollectionAssert.AreEqual(new BrowserEffect[] { new BrowserEffect.LoadUploadQueue(BrowserUpdate.ChangeSettle) }, effects);

        var loaded = BrowserUpdate.Update(state, new BrowserEvent.UploadQueueLoaded([]));

        CollectionAssert.AreEqual(new BrowserEffect[] { new BrowserEffect.LoadUploadQueue(BrowserUpdate.ChangeSettle) }, loaded.Effects.ToArray(),
            "changes came while the queue was read: once more");
        Assert.IsEmpty(BrowserUpdate.Update(loaded.State, new BrowserEvent.UploadQueueLoaded([])).Effects);
    }

    private static BrowserEvent Key(char c) => new BrowserEvent.KeyPressed(BrowserKey.Of(c));

    private static BrowserState Listed(BrowserState state) => BrowserUpdate.Update(state, new BrowserEvent.Listed(state.Path, [])).State;

    private static string Row(HeadlessBrowser browser, string name) =>
        browser.Lines.Single(l => l.Length > 2 && l[2..].StartsWith(name + " ", StringComparison.Ordinal));
}
