using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

namespace Namespace.Caching.Tests;

/// <summary>What a shell user sees when a cache serves a stale copy: the data on stdout, one warning line on stderr.</summary>
[TestClass]
public sealed class ShellWarningTests
{
    [TestMethod]
    public async Task Cat_OfAStaleCopy_WarnsOnStderr_AndKeepsStdoutClean()
    {
        await using var o = await HttpOrigin.StartAsync(files: new Dictionary<string, string> { ["/a.txt"] = "alpha\n", ["/b.txt"] = "bravo\n" });
        var shell = new ShellSession(o.Os, StandardBuiltins.Table(), new MountTypeRegistry().AddCoreTypes(), hostDirectory: null);
        await Shell.RunAsync(shell, "cat /web/a.txt /web/b.txt");
        o.Clock.Advance(TimeSpan.FromMinutes(11));
        o.Proxy.Mode = ProxyMode.Fail503;

        var (status, output, errors) = await Shell.RunAsync(shell, "cat /web/a.txt /web/b.txt; ls -l /web/a.txt");

        Assert.AreEqual("", status, "served, so no failure");
        StringAssert.StartsWith(output, "alpha\nbravo\n");
        StringAssert.Contains(output, " stale     /web/a.txt\n");
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(3, lines.Length, errors);
        StringAssert.StartsWith(lines[0], "nsh: cat: warning: /web/a.txt: origin unavailable (");
        StringAssert.Contains(lines[0], "; serving the cached copy last validated 2026-11-28T12:00:00Z");
        StringAssert.StartsWith(lines[1], "nsh: cat: warning: /web/b.txt: origin unavailable (");
        StringAssert.StartsWith(lines[2], "nsh: ls: warning: /web/a.txt: origin unavailable (");
    }

    // Issue 19, item 17: with the origin down, a listing gets one true line.
    [TestMethod]
    public async Task LsL_OriginDown_NoCachedListing_IsOneErrorAndNoWarning()
    {
        await using var o = await HttpOrigin.StartAsync(files: new Dictionary<string, string> { ["/d/a.txt"] = "alpha\n" });
        var shell = new ShellSession(o.Os, StandardBuiltins.Table(), new MountTypeRegistry().AddCoreTypes(), hostDirectory: null);
        await Shell.RunAsync(shell, "cat /web/d/a.txt");
        o.Clock.Advance(TimeSpan.FromMinutes(11));
        o.Proxy.Mode = ProxyMode.Fail503;

        var (status, output, errors) = await Shell.RunAsync(shell, "ls -l /web/d");

        Assert.AreNotEqual("", status, "nothing could be listed");
        Assert.AreEqual("", output);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, errors);
        StringAssert.StartsWith(lines[0], "nsh: ls: /web/d: ");
        Assert.IsFalse(errors.Contains("serving the cached copy", StringComparison.Ordinal), errors);
    }

    [TestMethod]
    public async Task LsL_OriginDown_StaleCachedListing_ListsIt_WithOneWarning()
    {
        await using var o = await HttpOrigin.StartAsync(files: new Dictionary<string, string> { ["/d/a.txt"] = "alpha\n", ["/d/b.txt"] = "bravo\n" });
        var shell = new ShellSession(o.Os, StandardBuiltins.Table(), new MountTypeRegistry().AddCoreTypes(), hostDirectory: null);
        await Shell.RunAsync(shell, "ls -l /web/d; cat /web/d/a.txt");
        o.Clock.Advance(TimeSpan.FromMinutes(11));
        o.Proxy.Mode = ProxyMode.Fail503;

        var (status, output, errors) = await Shell.RunAsync(shell, "ls -l /web/d");

        Assert.AreEqual("", status, errors);
        StringAssert.Contains(output, " a.txt\n");
        StringAssert.Contains(output, " b.txt\n");
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, errors);
        StringAssert.StartsWith(lines[0], "nsh: ls: warning: /web/d: origin unavailable (");
    }
}
