using Namespace.Browser.Tests.Support;
using Namespace.Caching;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;

namespace Namespace.Browser.Tests.Effects;

[TestClass]
public sealed class PreviewTests
{
    [TestMethod]
    public async Task TextFile_ShowsMetadataAndItsFirstLines()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        await browser.PressAsync("End");

        var text = browser.Text;
        StringAssert.Contains(text, "── preview: readme.txt");
        StringAssert.Contains(text, " file, 20 bytes  -rw-r--r--");
        StringAssert.Contains(text, " cache -  served by mem:base");
        StringAssert.Contains(text, " read me");
        StringAssert.Contains(text, " second line");
    }

    [TestMethod]
    public async Task BinaryFile_ShowsMetadataOnly()
    {
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/", new MemoryFileSystem("demo"));
        await os.WriteAllBytesAsync("/blob.bin", new byte[] { 0x7f, 0x45, 0x4c, 0x46, 0, 1, 2 });
        var browser = await HeadlessBrowser.OpenAsync(os, "/");

        StringAssert.Contains(browser.Text, "(binary file: no preview)");
        StringAssert.Contains(browser.Text, " file, 7 bytes");
    }

    [TestMethod]
    public async Task MountPoint_ShowsItsUnion()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/");
        await browser.PressAsync("Down");

        StringAssert.Contains(browser.Text, " directory");
        StringAssert.Contains(browser.Text, " mount point, union of 2:");
        StringAssert.Contains(browser.Text, "   1. mem:scratch");
        StringAssert.Contains(browser.Text, "   2. mem:base");
    }

    [TestMethod]
    public async Task WideTerminal_PutsThePreviewBesideTheListing()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union", 200, 50);
        await browser.PressAsync("End");

        StringAssert.Contains(browser.Lines[1], "SERVED BY");
        StringAssert.Contains(browser.Lines[1], "│ preview: readme.txt");
        var firstRow = browser.Lines[2];
        StringAssert.StartsWith(firstRow, "  docs/");
        StringAssert.Contains(firstRow, "│ file, 20 bytes  -rw-r--r--");
        Assert.AreEqual(50, browser.Lines.Length);
    }

    [TestMethod]
    public async Task N_ShowsTheNamespaceTreeAndNAgainTheFilePreview()
    {
        var os = await Namespaces.DemoAsync();
        var browser = await HeadlessBrowser.OpenAsync(os, "/union");
        await browser.PressAsync("n");

        var text = browser.Text;
        StringAssert.Contains(text, "── namespace");
        StringAssert.Contains(text, " /\n");
        StringAssert.Contains(text, " └ mem:demo");
        StringAssert.Contains(text, "   /union");
        StringAssert.Contains(text, "   ├ mem:scratch  -c");
        StringAssert.Contains(text, "   └ mem:base  -o ro");

        await browser.PressAsync("n");
        StringAssert.Contains(browser.Text, "── preview: docs");
    }
}
