using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Feeds;
using Namespace.Testing;

namespace Namespace.Http.Tests.Feeds;

[TestClass]
public sealed class FeedFileSystemTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel>
            <title>Example</title>
            <item>
              <title>Hello, World!</title>
              <link>https://example.org/hello</link>
              <dc:creator>Ann</dc:creator>
              <pubDate>Tue, 04 Mar 2025 10:20:30 +0100</pubDate>
              <description><![CDATA[<p>First <b>bold</b> para.</p><ul><li>one</li><li>two</li></ul><p>See <a href="https://example.org/x">this</a>.<script>alert(1)</script></p>]]></description>
            </item>
            <item>
              <title>Second   post</title>
              <pubDate>Wed, 05 Mar 2025 08:00:00 GMT</pubDate>
              <content:encoded><![CDATA[<div>Full<br>text</div>]]></content:encoded>
              <description>short</description>
            </item>
            <item>
              <title>Hello, World!</title>
              <pubDate>Tue, 04 Mar 2025 23:00:00 EST</pubDate>
              <description>same title, later</description>
            </item>
          </channel>
        </rss>
        """;

    private const string AtomFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Atom example</title>
          <entry>
            <title>Atom &amp; Eve</title>
            <link rel="alternate" href="https://example.org/atom"/>
            <updated>2025-01-02T03:04:05Z</updated>
            <author><name>Eve</name></author>
            <content type="html">&lt;p&gt;Hi &lt;em&gt;there&lt;/em&gt;&lt;/p&gt;</content>
          </entry>
          <entry>
            <title>Plain</title>
            <updated>2025-01-03T00:00:00+02:00</updated>
            <summary>just text</summary>
          </entry>
        </feed>
        """;

    private static async Task<string> ReadAsync(IFileProvider fs, string path)
    {
        await using var s = await fs.OpenReadAsync(VPath.Parse(path));
        return await new StreamReader(s).ReadToEndAsync();
    }

    private static async Task<List<string>> NamesAsync(IFileProvider fs)
    {
        var names = new List<string>();
        await foreach (var e in fs.ListAsync(VPath.Root)) names.Add(e.Name);
        return names;
    }

    [TestMethod]
    public async Task Rss_ItemsBecomeTextFiles()
    {
        await using var f = await OriginFixture.StartAsync();
        f.WriteFile("feed.xml", Rss);
        using var fs = new FeedFileSystem(new Uri(f.Url, "feed.xml"));
        CollectionAssert.AreEqual(new[] { "2025-03-04-hello-world.txt", "2025-03-05-hello-world.txt", "2025-03-05-second-post.txt" }, await NamesAsync(fs));
        var text = await ReadAsync(fs, "/2025-03-04-hello-world.txt");
        Assert.AreEqual("Title: Hello, World!\nLink: https://example.org/hello\nAuthor: Ann\nDate: 2025-03-04T09:20:30Z\n\n" +
            "First bold para.\n\n- one\n\n- two\n\nSee this <https://example.org/x>.\n", text);
        StringAssert.Contains(await ReadAsync(fs, "/2025-03-05-second-post.txt"), "\nFull\ntext\n");
        var entry = await fs.StatAsync(VPath.Parse("/2025-03-05-second-post.txt"));
        Assert.AreEqual(new DateTimeOffset(2025, 3, 5, 8, 0, 0, TimeSpan.Zero), entry!.ModifiedUtc);
        Assert.IsTrue((await fs.StatAsync(VPath.Root))!.IsDirectory);
        Assert.IsNull(await fs.StatAsync(VPath.Parse("/nope.txt")));
    }

    [TestMethod]
    public async Task Atom_EntriesBecomeTextFiles()
    {
        await using var f = await OriginFixture.StartAsync();
        f.WriteFile("atom.xml", AtomFeed);
        using var fs = new FeedFileSystem(new Uri(f.Url, "atom.xml"));
        CollectionAssert.AreEqual(new[] { "2025-01-02-atom-eve.txt", "2025-01-02-plain.txt" }, await NamesAsync(fs));
        Assert.AreEqual("Title: Atom & Eve\nLink: https://example.org/atom\nAuthor: Eve\nDate: 2025-01-02T03:04:05Z\n\nHi there\n",
            await ReadAsync(fs, "/2025-01-02-atom-eve.txt"));
        StringAssert.EndsWith(await ReadAsync(fs, "/2025-01-02-plain.txt"), "\n\njust text\n");
    }

    [TestMethod]
    public async Task Feed_ReadOnlyAndErrors()
    {
        await using var f = await OriginFixture.StartAsync();
        f.WriteFile("feed.xml", Rss);
        f.WriteFile("broken.xml", "<rss><channel><item>");
        f.WriteFile("html.xml", "<html><body>not a feed</body></html>");
        var os = new VirtualOS();
        using var fs = new FeedFileSystem(new Uri(f.Url, "feed.xml"));
        await os.MountAsync("/news", fs);
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.WriteAllTextAsync("/news/x.txt", "x"));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.DeleteAsync("/news/2025-03-05-second-post.txt"));
        await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => os.NamesAsync("/news/2025-03-05-second-post.txt"));
        foreach (var bad in new[] { "broken.xml", "html.xml" })
        {
            using var broken = new FeedFileSystem(new Uri(f.Url, bad));
            var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => NamesAsync(broken));
            StringAssert.Contains(e.Message, "malformed response");
        }
        using var missing = new FeedFileSystem(new Uri(f.Url, "missing.xml"));
        var m = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => NamesAsync(missing));
        StringAssert.Contains(m.Message, "missing.xml: 404 Not Found");
    }

    [TestMethod]
    public async Task Feed_Updated_RefreshesAndReportsChanges()
    {
        await using var f = await OriginFixture.StartAsync();
        f.WriteFile("feed.xml", AtomFeed);
        using var fs = new FeedFileSystem(new Uri(f.Url, "feed.xml"), new FeedFileSystemOptions { RefreshInterval = TimeSpan.FromMilliseconds(100) });
        var events = new List<ChangeEvent>();
        using var sub = fs.Subscribe(VPath.Root, e => { lock (events) events.Add(e); });
        Assert.AreEqual(2, (await NamesAsync(fs)).Count);
        await fs.WatchLive.WaitAsync(TimeSpan.FromSeconds(20));
        f.WriteFile("feed.xml", AtomFeed.Replace("<summary>just text</summary>", "<summary>edited</summary>")
            .Replace("<title>Atom &amp; Eve</title>", "<title>Renamed</title>"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            lock (events) if (events.Count >= 3) break;
            await Task.Delay(50);
        }
        lock (events)
        {
            var seen = events.Select(e => $"{e.Kind} {e.Path}").OrderBy(s => s, StringComparer.Ordinal).ToArray();
            CollectionAssert.AreEqual(new[] { "Changed /2025-01-02-plain.txt", "Created /2025-01-02-renamed.txt", "Deleted /2025-01-02-atom-eve.txt" }, seen, string.Join("; ", seen));
        }
        CollectionAssert.Contains(await NamesAsync(fs), "2025-01-02-renamed.txt");
    }

    [TestMethod]
    [DataRow("Tue, 04 Mar 2025 10:20:30 +0100", "2025-03-04T09:20:30Z")]
    [DataRow("Tue, 4 Mar 2025 10:20 EST", "2025-03-04T15:20:00Z")]
    [DataRow("Wed, 05 Mar 2025 08:00:00 GMT", "2025-03-05T08:00:00Z")]
    [DataRow("2025-01-03T00:00:00+02:00", "2025-01-02T22:00:00Z")]
    public void ParseDate_Rfc822AndIso(string text, string expected)
    {
        Assert.AreEqual(DateTimeOffset.Parse(expected), FeedParser.ParseDate(text));
    }
}
