using System.Text;
using Namespace.Core.Paths;
using Namespace.Http.Client;

namespace Namespace.Http.Tests.Client;

/// <summary>A file answered without Content-Length (chunked): its entry says the size is unknown, its stream claims no length.</summary>
[TestClass]
public sealed class ChunkedAnswerTests
{
    private static readonly VPath X = VPath.Parse("/x");
    private const string Headers = "Content-Type: text/plain\r\nConnection: close\r\n";

    private static HttpFileSystem Fs(Uri url) =>
        new(url, new HttpFileSystemOptions { Kind = HttpOriginKind.Plain, Retries = 0, RequestTimeout = TimeSpan.FromSeconds(2) });

    [TestMethod]
    public async Task OpenRead_OfAChunkedAnswer_SaysTheSizeIsUnknown_AndTheStreamClaimsNoLength()
    {
        await using var stub = new StubServer((_, _, _) =>
            $"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n{Headers}\r\n5\r\nalpha\r\n6\r\n bravo\r\n0\r\n\r\n");
        using var fs = Fs(stub.Url);

        var (entry, content) = await fs.OpenReadWithEntryAsync(X);
        await using (content)
        {
            Assert.IsTrue(entry.SizeUnknown);
            Assert.AreEqual(0, entry.Size);
            Assert.IsFalse(content.CanSeek);
            Assert.ThrowsExactly<NotSupportedException>(() => content.Length);
            using var text = new StreamReader(content, Encoding.UTF8);
            Assert.AreEqual("alpha bravo", await text.ReadToEndAsync());
        }
    }

    [TestMethod]
    public async Task Stat_OfAnAnswerWithoutContentLength_SaysTheSizeIsUnknown()
    {
        await using var stub = new StubServer((_, _, _) => $"HTTP/1.1 200 OK\r\n{Headers}\r\n");
        using var fs = Fs(stub.Url);

        var entry = await fs.StatAsync(X);

        Assert.IsNotNull(entry);
        Assert.IsTrue(entry.SizeUnknown);
    }

    [TestMethod]
    public async Task OpenRead_OfAnEmptyFileWithContentLength0_KnowsItsSize()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(200, "OK", "", "Content-Type: text/plain\r\n"));
        using var fs = Fs(stub.Url);

        var (entry, content) = await fs.OpenReadWithEntryAsync(X);
        await using (content)
        {
            Assert.IsFalse(entry.SizeUnknown);
            Assert.AreEqual(0, entry.Size);
            Assert.AreEqual(0, content.Length);
        }
    }
}
