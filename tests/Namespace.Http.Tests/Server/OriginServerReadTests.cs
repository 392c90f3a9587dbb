using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Namespace.Testing;

namespace Namespace.Http.Tests.Server;

[TestClass]
public sealed class OriginServerReadTests
{
    private OriginFixture _f = null!;

    [TestInitialize]
    public async Task Init()
    {
        _f = await OriginFixture.StartAsync();
        _f.WriteFile("hello.txt", "hello, world");
        _f.WriteFile("digits", "0123456789");
        _f.WriteFile("sub/deep/f", "deep");
        _f.WriteFile("empty", "");
    }

    [TestCleanup]
    public async Task Cleanup() => await _f.DisposeAsync();

    [TestMethod]
    public async Task GetHeadAndList_Fifo_RefusedAtOnceAndLeftOutOfListings()
    {
        HostFiles.MakeFifo(_f.Dir.Combine("pipe"));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            using var r = await _f.Client.SendAsync(new HttpRequestMessage(method, "pipe"), guard.Token);
            Assert.AreEqual(HttpStatusCode.Forbidden, r.StatusCode, method.Method);
            Assert.AreEqual("NotRegularFile", r.Headers.GetValues("Ns-Error").Single());
        }
        using var listing = await _f.SendAsync(HttpMethod.Get, "/?json");
        var text = await listing.Content.ReadAsStringAsync();
        StringAssert.Contains(text, "hello.txt");
        Assert.IsFalse(text.Contains("pipe", StringComparison.Ordinal), text);
        using var page = await _f.SendAsync(HttpMethod.Get, "/");
        Assert.IsFalse((await page.Content.ReadAsStringAsync()).Contains("pipe", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Get_OverlappingRanges_CoalescedSoNoByteIsSentTwice()
    {
        var sixteen = "bytes=" + string.Join(',', Enumerable.Repeat("0-", 16));
        using var whole = await _f.SendAsync(HttpMethod.Get, "digits", m => m.Headers.TryAddWithoutValidation("Range", sixteen));
        Assert.AreEqual(HttpStatusCode.PartialContent, whole.StatusCode);
        Assert.AreEqual("0123456789", await whole.Content.ReadAsStringAsync());
        Assert.AreEqual("bytes 0-9/10", whole.Content.Headers.ContentRange?.ToString());
        using var touching = await _f.SendAsync(HttpMethod.Get, "digits", m => m.Headers.TryAddWithoutValidation("Range", "bytes=4-6,0-2,2-3,8-"));
        Assert.AreEqual(HttpStatusCode.PartialContent, touching.StatusCode);
        var parts = await touching.Content.ReadAsStringAsync();
        StringAssert.Contains(parts, "Content-Range: bytes 0-6/10");
        StringAssert.Contains(parts, "Content-Range: bytes 8-9/10");
        Assert.AreEqual(2, parts.Split("Content-Range:").Length - 1, parts);
    }

    [TestMethod]
    public async Task Get_RangeEndBeyondAnyNumber_MeansToTheEnd()
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "digits", m => m.Headers.TryAddWithoutValidation("Range", "bytes=3-18446744073709551616"));
        Assert.AreEqual(HttpStatusCode.PartialContent, r.StatusCode);
        Assert.AreEqual("3456789", await r.Content.ReadAsStringAsync());
        Assert.AreEqual("bytes 3-9/10", r.Content.Headers.ContentRange?.ToString());
        using var past = await _f.SendAsync(HttpMethod.Get, "digits", m => m.Headers.TryAddWithoutValidation("Range", "bytes=99999999999999999999-"));
        Assert.AreEqual(HttpStatusCode.RequestedRangeNotSatisfiable, past.StatusCode);
    }

    [TestMethod]
    public async Task Get_File_ReturnsContentStrongETagLastModifiedAndType()
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "hello.txt");
        Assert.AreEqual(HttpStatusCode.OK, r.StatusCode);
        Assert.AreEqual("hello, world", await r.Content.ReadAsStringAsync());
        Assert.IsNotNull(r.Headers.ETag);
        Assert.IsFalse(r.Headers.ETag.IsWeak);
        Assert.IsNotNull(r.Content.Headers.LastModified);
        Assert.AreEqual("text/plain", r.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(12, r.Content.Headers.ContentLength);
        Assert.AreEqual("bytes", string.Join(",", r.Headers.AcceptRanges));
        Assert.AreEqual("file", r.Headers.GetValues("Ns-Type").Single());
    }

    [TestMethod]
    public async Task Head_File_SameHeadersNoBody()
    {
        using var get = await _f.SendAsync(HttpMethod.Get, "hello.txt");
        using var head = await _f.SendAsync(HttpMethod.Head, "hello.txt");
        Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
        Assert.AreEqual(get.Headers.ETag, head.Headers.ETag);
        Assert.AreEqual(12, head.Content.Headers.ContentLength);
        Assert.AreEqual(0, (await head.Content.ReadAsByteArrayAsync()).Length);
    }

    [TestMethod]
    public async Task Get_Missing_Returns404WithErrorKindAndJsonBody()
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "nope");
        Assert.AreEqual(HttpStatusCode.NotFound, r.StatusCode);
        Assert.AreEqual("NotFound", r.Headers.GetValues("Ns-Error").Single());
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.AreEqual("/nope", doc.RootElement.GetProperty("path").GetString());
        Assert.AreEqual("file not found", doc.RootElement.GetProperty("reason").GetString());
    }

    [TestMethod]
    public async Task Get_FileWithTrailingSlash_IsNotADirectory()
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "hello.txt/");
        Assert.AreEqual(HttpStatusCode.Conflict, r.StatusCode);
        Assert.AreEqual("NotADirectory", r.Headers.GetValues("Ns-Error").Single());
    }

    [TestMethod]
    [DataRow("bytes=2-4", "234", "bytes 2-4/10")]
    [DataRow("bytes=7-", "789", "bytes 7-9/10")]
    [DataRow("bytes=-3", "789", "bytes 7-9/10")]
    [DataRow("bytes=8-100", "89", "bytes 8-9/10")]
    [DataRow("bytes=-100", "0123456789", "bytes 0-9/10")]
    [DataRow("BYTES = 0-0", "0", "bytes 0-0/10")]
    public async Task Get_SingleRange_Returns206WithContentRange(string range, string body, string contentRange)
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "digits", m => m.Headers.TryAddWithoutValidation("Range", range));
        Assert.AreEqual(HttpStatusCode.PartialContent, r.StatusCode);
        Assert.AreEqual(body, await r.Content.ReadAsStringAsync());
        Assert.AreEqual(contentRange, r.Content.Headers.ContentRange?.ToString());
    }

    [TestMethod]
    public async Task Get_MultipleRanges_ReturnsMultipartByteranges()
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "digits", m => m.Headers.TryAddWithoutValidation("Range", "bytes=0-1, 5-6,-1"));
        Assert.AreEqual(HttpStatusCode.PartialContent, r.StatusCode);
        Assert.AreEqual("multipart/byteranges", r.Content.Headers.ContentType?.MediaType);
        var boundary = r.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!;
        var text = await r.Content.ReadAsStringAsync();
        Assert.AreEqual(r.Content.Headers.ContentLength, Encoding.ASCII.GetByteCount(text));
        var parts = text.Split("--" + boundary).Select(p => p.Trim('\r', '\n')).Where(p => p.Length > 0 && p != "--").ToList();
        Assert.AreEqual(3, parts.Count, text);
        StringAssert.Contains(parts[0], "Content-Range: bytes 0-1/10");
        Assert.IsTrue(parts[0].EndsWith("\r\n\r\n01"), parts[0]);
        Assert.IsTrue(parts[1].EndsWith("56"), parts[1]);
        Assert.IsTrue(parts[2].EndsWith("9") && parts[2].Contains("bytes 9-9/10"), parts[2]);
    }

    [TestMethod]
    [DataRow("bytes=10-")]
    [DataRow("bytes=50-60")]
    [DataRow("bytes=-0")]
    [DataRow("bytes=10-20, 30-")]
    public async Task Get_UnsatisfiableRange_Returns416WithLength(string range)
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "digits", m => m.Headers.TryAddWithoutValidation("Range", range));
        Assert.AreEqual(HttpStatusCode.RequestedRangeNotSatisfiable, r.StatusCode);
        Assert.AreEqual("bytes */10", r.Content.Headers.ContentRange?.ToString());
    }

    [TestMethod]
    public async Task Get_RangeOnEmptyFile_Returns416()
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "empty", m => m.Headers.TryAddWithoutValidation("Range", "bytes=0-"));
        Assert.AreEqual(HttpStatusCode.RequestedRangeNotSatisfiable, r.StatusCode);
    }

    [TestMethod]
    [DataRow("bytes=abc")]
    [DataRow("bytes=5-2")]
    [DataRow("bytes=1-2-3")]
    [DataRow("items=0-1")]
    [DataRow("bytes")]
    [DataRow("bytes=,")]
    [DataRow("bytes=0-1,2-3,4-5,6-7,8-9,0-1,2-3,4-5,6-7,8-9,0-1,2-3,4-5,6-7,8-9,0-1,2-3")]
    public async Task Get_MalformedOrExcessiveRange_IsIgnored(string range)
    {
        using var r = await _f.SendAsync(HttpMethod.Get, "digits", m => m.Headers.TryAddWithoutValidation("Range", range));
        Assert.AreEqual(HttpStatusCode.OK, r.StatusCode);
        Assert.AreEqual("0123456789", await r.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Get_IfRange_ServesRangeOnlyForCurrentVersion()
    {
        using var first = await _f.SendAsync(HttpMethod.Head, "digits");
        var etag = first.Headers.ETag!.Tag;
        var date = first.Content.Headers.LastModified!.Value.ToString("r");
        using var byTag = await _f.SendAsync(HttpMethod.Get, "digits", m => { m.Headers.TryAddWithoutValidation("Range", "bytes=0-1"); m.Headers.TryAddWithoutValidation("If-Range", etag); });
        Assert.AreEqual(HttpStatusCode.PartialContent, byTag.StatusCode);
        using var byDate = await _f.SendAsync(HttpMethod.Get, "digits", m => { m.Headers.TryAddWithoutValidation("Range", "bytes=0-1"); m.Headers.TryAddWithoutValidation("If-Range", date); });
        Assert.AreEqual(HttpStatusCode.PartialContent, byDate.StatusCode);
        using var stale = await _f.SendAsync(HttpMethod.Get, "digits", m => { m.Headers.TryAddWithoutValidation("Range", "bytes=0-1"); m.Headers.TryAddWithoutValidation("If-Range", "\"old\""); });
        Assert.AreEqual(HttpStatusCode.OK, stale.StatusCode);
        Assert.AreEqual("0123456789", await stale.Content.ReadAsStringAsync());
        using var weak = await _f.SendAsync(HttpMethod.Get, "digits", m => { m.Headers.TryAddWithoutValidation("Range", "bytes=0-1"); m.Headers.TryAddWithoutValidation("If-Range", "W/" + etag); });
        Assert.AreEqual(HttpStatusCode.OK, weak.StatusCode, "a weak validator never satisfies If-Range");
    }

    // The conditional-request truth table for GET (RFC 9110 §13.2.2). CURRENT stands for the file's ETag,
    // LM for its Last-Modified, PAST/FUTURE for a day before or after it.
    [TestMethod]
    [DataRow("If-None-Match", "CURRENT", 304)]
    [DataRow("If-None-Match", "W/CURRENT", 304)]
    [DataRow("If-None-Match", "\"other\"", 200)]
    [DataRow("If-None-Match", "\"other\", CURRENT", 304)]
    [DataRow("If-None-Match", "*", 304)]
    [DataRow("If-Match", "CURRENT", 200)]
    [DataRow("If-Match", "\"other\"", 412)]
    [DataRow("If-Match", "W/CURRENT", 412)]
    [DataRow("If-Match", "*", 200)]
    [DataRow("If-Modified-Since", "LM", 304)]
    [DataRow("If-Modified-Since", "FUTURE", 304)]
    [DataRow("If-Modified-Since", "PAST", 200)]
    [DataRow("If-Modified-Since", "not a date", 200)]
    [DataRow("If-Unmodified-Since", "PAST", 412)]
    [DataRow("If-Unmodified-Since", "LM", 200)]
    [DataRow("If-Unmodified-Since", "garbage", 200)]
    [DataRow("If-Match", "no-quotes", 400)]
    [DataRow("If-None-Match", "\"unterminated", 400)]
    public async Task Get_ConditionalHeader_FollowsTruthTable(string header, string value, int expected)
    {
        using var head = await _f.SendAsync(HttpMethod.Head, "hello.txt");
        var etag = head.Headers.ETag!.Tag;
        var lm = head.Content.Headers.LastModified!.Value;
        var text = value.Replace("CURRENT", etag).Replace("LM", lm.ToString("r"))
            .Replace("PAST", lm.AddDays(-1).ToString("r")).Replace("FUTURE", lm.AddDays(1).ToString("r"));
        using var r = await _f.SendAsync(HttpMethod.Get, "hello.txt", m => m.Headers.TryAddWithoutValidation(header, text));
        Assert.AreEqual(expected, (int)r.StatusCode, $"{header}: {text}");
        if (expected == 304) Assert.AreEqual(etag, r.Headers.ETag?.Tag);
    }

    [TestMethod]
    public async Task Get_IfNoneMatchWinsOverIfModifiedSince()
    {
        using var head = await _f.SendAsync(HttpMethod.Head, "hello.txt");
        var lm = head.Content.Headers.LastModified!.Value;
        using var r = await _f.SendAsync(HttpMethod.Get, "hello.txt", m =>
        {
            m.Headers.TryAddWithoutValidation("If-None-Match", "\"other\"");
            m.Headers.TryAddWithoutValidation("If-Modified-Since", lm.AddDays(1).ToString("r"));
        });
        Assert.AreEqual(HttpStatusCode.OK, r.StatusCode, "If-Modified-Since is ignored when If-None-Match is present");
    }

    [TestMethod]
    public async Task Listing_Json_ListsEntriesSortedWithMetadata()
    {
        using var byAccept = await _f.SendAsync(HttpMethod.Get, "/", m => m.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json")));
        using var byQuery = await _f.SendAsync(HttpMethod.Get, "/?json");
        foreach (var r in new[] { byAccept, byQuery })
        {
            Assert.AreEqual(HttpStatusCode.OK, r.StatusCode);
            Assert.AreEqual("application/json", r.Content.Headers.ContentType?.MediaType);
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.AreEqual("/", doc.RootElement.GetProperty("path").GetString());
            var entries = doc.RootElement.GetProperty("entries").EnumerateArray().ToList();
            CollectionAssert.AreEqual(new[] { "digits", "empty", "hello.txt", "sub" }, entries.Select(e => e.GetProperty("name").GetString()).ToArray());
            var hello = entries[2];
            Assert.AreEqual("file", hello.GetProperty("type").GetString());
            Assert.AreEqual(12, hello.GetProperty("size").GetInt64());
            Assert.IsTrue(hello.GetProperty("etag").GetString()!.StartsWith('"'));
            Assert.AreEqual("directory", entries[3].GetProperty("type").GetString());
            Assert.IsTrue(hello.GetProperty("mtime").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        }
    }

    [TestMethod]
    public async Task Listing_WithAndWithoutSlash_ServesDirectory()
    {
        using var a = await _f.SendAsync(HttpMethod.Get, "sub?json");
        using var b = await _f.SendAsync(HttpMethod.Get, "sub/?json");
        Assert.AreEqual(HttpStatusCode.OK, a.StatusCode);
        Assert.AreEqual(await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());
        Assert.AreEqual("directory", a.Headers.GetValues("Ns-Type").Single());
    }

    [TestMethod]
    public async Task Listing_Html_ForBrowsersWithEscapedAbsoluteLinks()
    {
        _f.WriteFile("a b&<c>.txt", "x");
        using var r = await _f.SendAsync(HttpMethod.Get, "/", m => m.Headers.Accept.ParseAdd("text/html,application/xhtml+xml"));
        Assert.AreEqual("text/html", r.Content.Headers.ContentType?.MediaType);
        var html = await r.Content.ReadAsStringAsync();
        StringAssert.Contains(html, "href=\"/sub/\"");
        StringAssert.Contains(html, "href=\"/a%20b%26%3Cc%3E.txt\"");
        StringAssert.Contains(html, "a b&amp;&lt;c&gt;.txt");
        Assert.IsFalse(html.Contains("<c>"), "names are HTML-escaped");
    }

    [TestMethod]
    public async Task Listing_ConditionalGet_304UntilDirectoryChanges()
    {
        using var first = await _f.SendAsync(HttpMethod.Get, "sub/?json");
        var etag = first.Headers.ETag!;
        Assert.IsTrue(etag.IsWeak);
        using var same = await _f.SendAsync(HttpMethod.Get, "sub/?json", m => m.Headers.IfNoneMatch.Add(etag));
        Assert.AreEqual(HttpStatusCode.NotModified, same.StatusCode);
        _f.WriteFile("sub/new", "n");
        using var changed = await _f.SendAsync(HttpMethod.Get, "sub/?json", m => m.Headers.IfNoneMatch.Add(etag));
        Assert.AreEqual(HttpStatusCode.OK, changed.StatusCode);
    }

    [TestMethod]
    public async Task Options_AnnouncesServerAndMethods()
    {
        using var r = await _f.SendAsync(HttpMethod.Options, "/");
        Assert.AreEqual(HttpStatusCode.NoContent, r.StatusCode);
        Assert.AreEqual("namespace-origin/1", r.Headers.GetValues("Ns-Server").Single());
        StringAssert.Contains(string.Join(",", r.Content.Headers.Allow), "PUT");
    }

    [TestMethod]
    public async Task UnknownMethod_Returns405WithAllow()
    {
        using var r = await _f.SendAsync(new HttpMethod("PATCH"), "hello.txt", body: "x");
        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        StringAssert.Contains(string.Join(",", r.Content.Headers.Allow), "GET");
    }
}
