using System.Text;
using Namespace.Core.Errors;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

namespace Namespace.Caching.Tests;

/// <summary>
/// An origin that answers without <c>Content-Length</c> (chunked, as a dynamic server or nginx's gzip does): a copy read
/// to a clean end is kept with the size actually received, a cut body is not, and the reader's stream does not claim a
/// length it does not know. Our origin server behind the fault proxy (which strips the length), over real sockets; the
/// cache element is a real dbfs file, or memfs.
/// </summary>
[TestClass]
public sealed class ChunkedOriginTests
{
    private const int Half = 50_000;
    private static readonly string Big = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i:D7}\n"));
    private static readonly Dictionary<string, string> Files = new() { ["/big.txt"] = Big, ["/a.txt"] = "alpha\n" };

    [TestMethod]
    [DataRow(true, DisplayName = "dbfs")]
    [DataRow(false, DisplayName = "memfs")]
    public async Task AChunkedAnswerReadToItsEnd_IsKept_WithTheSizeReceived(bool db)
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, db: db);
        o.Proxy.Chunked = true;

        Assert.AreEqual(Big, await o.Os.ReadAllTextAsync("/web/big.txt"));

        Assert.AreEqual(Big.Length, (await o.RecordAsync("/big.txt"))?.Size, "kept, with the bytes received as its size");
        Assert.AreEqual(Big.Length, (await o.Os.StatAsync("/web/big.txt"))?.Size);
        Assert.AreEqual(Big, await o.Os.ReadAllTextAsync("/web/big.txt"));
        Assert.AreEqual(1, o.Proxy.Gets("/big.txt"), "the second read was served by the copy");
        var status = (await o.Os.CacheStatusAsync()).Single();
        Assert.AreEqual(1, status.Counters.Hits);
        Assert.AreEqual(Big.Length, status.Usage.Bytes);
    }

    [TestMethod]
    public async Task TheReadersStream_OfAChunkedAnswer_ClaimsNoLength()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        o.Proxy.Chunked = true;

        await using var reader = await o.Os.OpenReadAsync("/web/big.txt");

        Assert.IsFalse(reader.CanSeek);
        Assert.ThrowsExactly<NotSupportedException>(() => reader.Length);
        var copy = new MemoryStream();
        await reader.CopyToAsync(copy);
        Assert.AreEqual(Big, Encoding.UTF8.GetString(copy.ToArray()));
    }

    [TestMethod]
    public async Task AChunkedAnswerCutShort_IsNotKept_TheReaderIsTold_AndTheNextReadFetchesAgain()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        o.Proxy.Chunked = true;
        o.Proxy.PauseBodyAfter("/big.txt", Half, cut: true);

        await using (var reader = await o.Os.OpenReadAsync("/web/big.txt"))
        {
            await reader.ReadExactlyAsync(new byte[Half]);
            o.Proxy.HeldBody.Open(); // the proxy closes the connection without the last chunk
            await Assert.ThrowsAsync<NamespaceException>(() => reader.CopyToAsync(Stream.Null));
        }

        Assert.IsNull(await o.RecordAsync("/big.txt"), "a cut body was not kept");
        Assert.AreEqual(Big, await o.Os.ReadAllTextAsync("/web/big.txt"));
        Assert.AreEqual(2, o.Proxy.Gets("/big.txt"), "the next read fetched again");
        Assert.AreEqual(Big.Length, (await o.RecordAsync("/big.txt"))?.Size, "and kept the whole copy");
    }

    // Without an ETag a stale copy is compared by modification time and size; an answer that does not tell the size
    // says nothing against the copy.
    [TestMethod]
    public async Task AStaleCopyOfAChunkedAnswerWithoutETag_IsRevalidated_NotFetchedAgain()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        o.Proxy.Chunked = true;
        o.Proxy.NoETags = true;
        Assert.AreEqual("alpha\n", await o.Os.ReadAllTextAsync("/web/a.txt"));
        o.Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.AreEqual("alpha\n", await o.Os.ReadAllTextAsync("/web/a.txt"));

        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"), "the stale copy was confirmed, not fetched again");
        Assert.AreEqual(1, (await o.Os.CacheStatusAsync()).Single().Counters.Revalidations);
    }

    [TestMethod]
    public async Task Nsh_CatThenLsOfAChunkedAnswer_ShowsTheSizeReceived()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        o.Proxy.Chunked = true;
        var shell = new ShellSession(o.Os, StandardBuiltins.Table(), new MountTypeRegistry().AddCoreTypes(), hostDirectory: null);

        var (status, output, errors) = await Shell.RunAsync(shell, "cat /web/a.txt; ls -l /web/a.txt; cat /web/a.txt");

        Assert.AreEqual("", status, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("alpha", lines[0]);
        StringAssert.Matches(lines[1], new System.Text.RegularExpressions.Regex(@"^\S+ +6 .* fresh +/web/a\.txt$"));
        Assert.AreEqual("alpha", lines[2]);
        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"), "the second cat was served by the copy");
    }
}
