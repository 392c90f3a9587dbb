using Namespace.Browser.State;
using Namespace.Browser.Tests.Support;
using Namespace.Caching;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Browser.Tests.Effects;

[TestClass]
public sealed class CacheKeyTests
{
    [TestMethod]
    public async Task P_PurgesTheSelectedEntryAndSaysHowManyCopiesWentAway()
    {
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/web", new MemoryFileSystem("origin"));
        await os.WriteAllTextAsync("/web/a.txt", "alpha");
        await os.MountAsync("/web", new MemoryFileSystem("cache"), new BindOptions(BindPosition.Before, Cache: true));
        await os.ReadAllTextAsync("/web/a.txt"); // now cached
        var browser = await HeadlessBrowser.OpenAsync(os, "/web");
        await browser.PressAsync("p");
        StringAssert.Contains(browser.Lines[^2], " purged a.txt: 1 cached copy dropped");
    }

    [TestMethod]
    public async Task P_OnAnEntryNoCacheServes_SaysSo()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        await browser.PressAsync("Down p");
        StringAssert.Contains(browser.Lines[^2], "purge: /union/notes.txt: no cache element at or below this path");
    }

    [TestMethod]
    public async Task R_RevalidatesTheSelectedEntryAndShowsItsState()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        await browser.PressAsync("End r");
        StringAssert.Contains(browser.Lines[^2], " revalidated readme.txt: -, served by mem:base");
    }

    [TestMethod]
    public void Revalidated_EntryWithANewState_ChangesItsRow()
    {
        var path = VPath.Parse("/c");
        var entry = new NsEntry("f", EntryKind.File, 3, (UnixFileMode)420, DateTimeOffset.UnixEpoch, null, "db:cache.db") { Cache = CacheState.Stale };
        var state = BrowserUpdate.Update(BrowserState.Open(path, new TerminalSize(80, 24)), new BrowserEvent.Listed(path, [entry])).State;
        StringAssert.Contains(Row(state), " stale ");

        state = BrowserUpdate.Update(state, new BrowserEvent.Revalidated(path.Child("f"), entry with { Cache = CacheState.Fresh })).State;

        StringAssert.Contains(Row(state), " fresh ");
        StringAssert.Contains(Row(state), "db:cache.db");
    }

    [TestMethod]
    public async Task F_WhereNothingWritesBack_SaysThereIsNothingToUpload()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        await browser.PressAsync("f");
        StringAssert.StartsWith(browser.Lines[^2], " flush /union: nothing to upload ");
    }

    [TestMethod]
    public async Task Changed_InTheListedDirectory_ListsItAgain()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        await browser.PressAsync("Down");
        await os.WriteAllTextAsync("/union/a-new-file", "x");

        await browser.SendAsync(new BrowserEvent.Changed(new ChangeEvent(ChangeKind.Created, VPath.Parse("/union/a-new-file"))));

        StringAssert.Contains(browser.Text, "  a-new-file ");
        StringAssert.StartsWith(browser.CursorRow, "> notes.txt", "the cursor stays on its entry");
    }

    [TestMethod]
    public async Task Changed_ManyAtOnce_ListTheDirectoryOnceAfterTheySettle()
    {
        var os = await Namespaces.DemoAsync();
        var state = (await HeadlessBrowser.OpenAsync(os, "/union")).State;
        var effects = new List<BrowserEffect>();
        for (var i = 0; i < 100; i++)
        {
            var step = BrowserUpdate.Update(state, new BrowserEvent.Changed(new ChangeEvent(ChangeKind.Created, VPath.Parse($"/union/f{i}"))));
            state = step.State;
            effects.AddRange(step.Effects);
        }
        CollectionAssert.AreEqual(new BrowserEffect[] { new BrowserEffect.ReloadLater(BrowserUpdate.ChangeSettle) }, effects);

        var due = BrowserUpdate.Update(state, new BrowserEvent.ReloadDue());
        CollectionAssert.AreEqual(new BrowserEffect[] { new BrowserEffect.LoadListing(VPath.Parse("/union")) }, due.Effects.ToArray());
    }

    [TestMethod]
    public async Task Changed_Elsewhere_IsIgnored()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        var before = browser.State;
        await browser.SendAsync(new BrowserEvent.Changed(new ChangeEvent(ChangeKind.Created, VPath.Parse("/big/x"))));
        Assert.AreSame(before, browser.State);
    }

    private static string Row(BrowserState state) => Namespace.Browser.Rendering.BrowserRender.Render(state, state.Size).ToText().Split('\n').Single(l => l.StartsWith("> ", StringComparison.Ordinal));
}
