using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Listings;
using Namespace.Http.Server;

namespace Namespace.Http.Tests.Plain;

[TestClass]
public sealed class HtmlListingParserTests
{
    private static readonly Uri Dir = new("http://127.0.0.1:8080/pub/");

    [TestMethod]
    public void Parse_ApacheTable_SizesTimesAndSortLinksSkipped()
    {
        const string html = """
            <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN"><html><head><title>Index of /pub</title></head><body>
            <h1>Index of /pub</h1><table>
            <tr><th valign="top"><img src="/icons/blank.gif" alt="[ICO]"></th><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last modified</a></th><th><a href="?C=S;O=A">Size</a></th></tr>
            <tr><td valign="top"><img src="/icons/back.gif" alt="[PARENTDIR]"></td><td><a href="/">Parent Directory</a></td><td>&nbsp;</td><td align="right">  - </td></tr>
            <tr><td valign="top"><img src="/icons/text.gif" alt="[TXT]"></td><td><a href="notes.txt">notes.txt</a></td><td align="right">2024-03-05 14:07  </td><td align="right">123 </td></tr>
            <tr><td valign="top"><img src="/icons/compressed.gif" alt="[   ]"></td><td><a href="big.tar.gz">big.tar.gz</a></td><td align="right">2024-03-06 09:00  </td><td align="right">4.2M</td></tr>
            <tr><td valign="top"><img src="/icons/folder.gif" alt="[DIR]"></td><td><a href="docs/">docs/</a></td><td align="right">2024-01-01 00:00  </td><td align="right">  - </td></tr>
            </table></body></html>
            """;
        var entries = HtmlListingParser.Parse(html, Dir);
        CollectionAssert.AreEqual(new[] { "notes.txt", "big.tar.gz", "docs" }, entries.Select(e => e.Name).ToArray());
        Assert.AreEqual(123, entries[0].Size);
        Assert.IsTrue(entries[0].ExactSize);
        Assert.AreEqual(new DateTimeOffset(2024, 3, 5, 14, 7, 0, TimeSpan.Zero), entries[0].Modified);
        Assert.IsFalse(entries[1].ExactSize, "4.2M is rounded: a HEAD will tell the exact size");
        Assert.AreEqual((long)(4.2 * 1024 * 1024), entries[1].Size);
        Assert.IsTrue(entries[2].IsDirectory);
    }

    [TestMethod]
    public void Parse_NginxPre_TextAfterLink()
    {
        const string html = "<html><body><h1>Index of /pub/</h1><hr><pre><a href=\"../\">../</a>\n" +
            "<a href=\"sub/\">sub/</a>                                               28-Nov-2026 07:11                   -\n" +
            "<a href=\"a%20b%26c.txt\">a b&amp;c.txt</a>                                          28-Nov-2026 07:11                   2\n" +
            "</pre><hr></body></html>";
        var entries = HtmlListingParser.Parse(html, Dir);
        Assert.AreEqual(2, entries.Count);
        Assert.AreEqual("sub", entries[0].Name);
        Assert.IsTrue(entries[0].IsDirectory);
        Assert.AreEqual("a b&c.txt", entries[1].Name);
        Assert.AreEqual(2, entries[1].Size);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 28, 7, 11, 0, TimeSpan.Zero), entries[1].Modified);
    }

    [TestMethod]
    public void Parse_LinksElsewhere_Ignored()
    {
        const string html = """
            <a href="http://other.example/pub/x">other host</a>
            <a href="/elsewhere/y">other dir</a>
            <a href="sub/deeper/z">too deep</a>
            <a href="#top">anchor</a>
            <a href="mailto:a@b">mail</a>
            <a href="./">self</a>
            <a href="/pub/ok">absolute child</a>
            <a href="http://127.0.0.1:8080/pub/ok2">full child</a>
            <a href="ok">duplicate</a>
            <a href="%zz">stray percent</a>
            """;
        var entries = HtmlListingParser.Parse(html, Dir);
        // A stray % is taken literally, as browsers do.
        CollectionAssert.AreEqual(new[] { "ok", "ok2", "%zz" }, entries.Select(e => e.Name).ToArray(), string.Join(",", entries.Select(e => e.Name)));
    }

    [TestMethod]
    public void Parse_OwnHtmlPage_RoundTrips()
    {
        var time = new DateTimeOffset(2025, 6, 7, 8, 9, 10, TimeSpan.Zero);
        var page = HtmlListingPage.Render(VPath.Parse("/pub"),
        [
            new NsEntry("d", EntryKind.Directory, 0, 0, time, null, "t"),
            new NsEntry("x y.txt", EntryKind.File, 42, 0, time, "\"e\"", "t"),
        ]);
        var entries = HtmlListingParser.Parse(page, Dir);
        CollectionAssert.AreEqual(new[] { "d", "x y.txt" }, entries.Select(e => e.Name).ToArray());
        Assert.AreEqual(42, entries[1].Size);
        Assert.AreEqual(time, entries[1].Modified);
        Assert.IsFalse(entries[1].NeedsStat);
    }
}
