using System.Net;
using System.Net.Sockets;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Client;
using Namespace.Testing;

namespace Namespace.Http.Tests.Client;

[TestClass]
public sealed class HttpFileSystemErrorTests
{
    private static readonly VPath X = VPath.Parse("/x");

    private static HttpFileSystem Fs(Uri url, HttpOriginKind kind = HttpOriginKind.Auto, int retries = 2) =>
        new(url, new HttpFileSystemOptions { Kind = kind, Retries = retries, RetryDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(2) });

    [TestMethod]
    public async Task Stat_503_UnavailableNamingUrlAndStatusAfterRetries()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(503, "Service Unavailable", "busy"));
        using var fs = Fs(stub.Url);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.StatAsync(X));
        Assert.AreEqual($"/x: {stub.Url}x: 503 Service Unavailable", e.Message);
        Assert.AreEqual(3, stub.Requests, "an idempotent request is tried 1 + Retries times");
    }

    [TestMethod]
    public async Task Stat_503ThenOk_RetriedTransparently()
    {
        await using var stub = new StubServer((_, _, i) => i == 0
            ? StubServer.Response(503, "Service Unavailable")
            : StubServer.Response(200, "OK", "", "Content-Type: text/plain\r\nETag: \"v1\"\r\nLast-Modified: Wed, 01 Jan 2025 10:00:00 GMT\r\n"));
        using var fs = Fs(stub.Url, HttpOriginKind.Plain);
        var entry = await fs.StatAsync(X);
        Assert.IsNotNull(entry);
        Assert.AreEqual("\"v1\"", entry.ETag);
        Assert.AreEqual(new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.Zero), entry.ModifiedUtc);
    }

    [TestMethod]
    public async Task OpenReadIfChanged_503_Unavailable()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(503, "Service Unavailable", "busy"));
        using var fs = Fs(stub.Url, retries: 0);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.OpenReadIfChangedAsync(X, new CacheValidator("\"v1\"", null)).AsTask());
        Assert.AreEqual($"/x: {stub.Url}x: 503 Service Unavailable", e.Message);
    }

    [TestMethod]
    public async Task Write_503_NotRetried()
    {
        await using var stub = new StubServer((m, _, _) => m == "HEAD"
            ? StubServer.Response(404, "Not Found", "", "Ns-Server: namespace-origin/1\r\n")
            : StubServer.Response(503, "Service Unavailable", "", "Ns-Server: namespace-origin/1\r\n"));
        using var fs = Fs(stub.Url);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, async Task () =>
        {
            await using var s = await fs.OpenWriteAsync(X, WriteMode.Replace);
            await s.WriteAsync("data"u8.ToArray());
        });
        StringAssert.Contains(e.Message, "503 Service Unavailable");
        Assert.AreEqual(1, stub.Seen.Count(l => l.StartsWith("PUT")), "PUT is sent once");
    }

    [TestMethod]
    public async Task Read_404_NotFound()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(404, "Not Found", "nope"));
        using var fs = Fs(stub.Url, HttpOriginKind.Plain);
        Assert.IsNull(await fs.StatAsync(X));
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => fs.OpenReadAsync(X));
        Assert.AreEqual("/x: file not found", e.Message);
    }

    [TestMethod]
    public async Task Unauthorized_ReadsSayDeniedWritesSayReadOnly()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(401, "Unauthorized", "", "WWW-Authenticate: Bearer\r\n"));
        using var fs = Fs(stub.Url, HttpOriginKind.Origin);
        var read = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.StatAsync(X));
        StringAssert.Contains(read.Message, "401 Unauthorized (access denied: a bearer token is needed)");
        var write = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => fs.CreateDirectoryAsync(X));
        StringAssert.StartsWith(write.Message, "/x: read-only file system (");
        StringAssert.Contains(write.Message, "401 Unauthorized");
    }

    [TestMethod]
    public async Task Forbidden_WriteIsReadOnlyWithUrl()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(403, "Forbidden"));
        using var fs = Fs(stub.Url, HttpOriginKind.Origin);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => fs.DeleteAsync(X, false));
        Assert.AreEqual($"/x: read-only file system ({stub.Url}x: 403 Forbidden)", e.Message);
    }

    [TestMethod]
    [DataRow(400, "Bad Request")]
    [DataRow(409, "Conflict")]
    [DataRow(413, "Content Too Large")]
    [DataRow(422, "Unprocessable Content")]
    public async Task Change_RefusedAsTheClientsFault_IsInvalidArgumentWithTheServersWords_NotUnavailable(int status, string phrase)
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(status, phrase, "bucket sealed\nmore detail", "Content-Type: text/plain\r\n"));
        using var fs = Fs(stub.Url, HttpOriginKind.Origin);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => fs.CreateDirectoryAsync(X));
        Assert.AreEqual($"/x: {stub.Url}x: {status} {phrase}: bucket sealed (refused by the server)", e.Message);
    }

    [TestMethod]
    public async Task Change_400WithoutABody_IsInvalidArgument()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(400, "Bad Request"));
        using var fs = Fs(stub.Url, HttpOriginKind.Origin);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => fs.CreateDirectoryAsync(X));
        Assert.AreEqual($"/x: {stub.Url}x: 400 Bad Request (refused by the server)", e.Message);
    }

    [TestMethod]
    [DataRow(408)]
    [DataRow(425)]
    [DataRow(429)]
    [DataRow(500)]
    [DataRow(502)]
    [DataRow(503)]
    [DataRow(504)]
    public async Task Change_AnsweredWithATransientStatus_IsUnavailable(int status)
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(status, "Try Later"));
        using var fs = Fs(stub.Url, HttpOriginKind.Origin);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.CreateDirectoryAsync(X));
        StringAssert.Contains(e.Message, $"{stub.Url}x: {status} ");
        Assert.IsNull(e.RetryAfter);
    }

    [TestMethod]
    public async Task Change_WithRetryAfter_SaysHowLongTheServerAskedToWait()
    {
        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        await using var stub = new StubServer((_, _, i) => StubServer.Response(i == 0 ? 429 : 503, "Later", "", i == 0 ? "Retry-After: 30\r\n" : $"Retry-After: {until}\r\n"));
        using var fs = Fs(stub.Url, HttpOriginKind.Origin);

        var seconds = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.CreateDirectoryAsync(X));
        var date = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.CreateDirectoryAsync(X));

        Assert.AreEqual(TimeSpan.FromSeconds(30), seconds.RetryAfter);
        Assert.IsTrue(date.RetryAfter > TimeSpan.FromMinutes(58) && date.RetryAfter <= TimeSpan.FromHours(1), $"{date.RetryAfter}");
    }

    [TestMethod]
    public async Task Change_MissingParent_404_IsNotFound()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(404, "Not Found", "no such collection", "Content-Type: text/plain\r\n"));
        using var fs = Fs(stub.Url, HttpOriginKind.Origin);
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => fs.CreateDirectoryAsync(X));
    }

    [TestMethod]
    public async Task Forbidden_WriteSaysTheServersWords()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(403, "Forbidden", "{\"kind\":\"Denied\",\"path\":\"/x\",\"reason\":\"quota exceeded\"}", "Content-Type: application/json\r\n"));
        using var fs = Fs(stub.Url, HttpOriginKind.Origin);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => fs.DeleteAsync(X, false));
        Assert.AreEqual($"/x: read-only file system ({stub.Url}x: 403 Forbidden: quota exceeded)", e.Message);
    }

    [TestMethod]
    public async Task ConnectionRefused_Unavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var fs = Fs(new Uri($"http://127.0.0.1:{port}/"), retries: 0);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.StatAsync(X));
        Assert.AreEqual($"/x: http://127.0.0.1:{port}/x: connection refused", e.Message);
    }

    [TestMethod]
    public async Task ConnectAsync_Unreachable_SucceedsAndStaysAuto()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var fs = await HttpFileSystem.ConnectAsync(new Uri($"http://127.0.0.1:{port}/"), new HttpFileSystemOptions { Retries = 0 });
        Assert.AreEqual(HttpOriginKind.Auto, fs.Kind);
    }

    [TestMethod]
    public async Task NoAnswer_TimesOutAsUnavailable()
    {
        await using var stub = new StubServer((_, _, _) => (string?)null);
        using var fs = new HttpFileSystem(stub.Url, new HttpFileSystemOptions { RequestTimeout = TimeSpan.FromMilliseconds(300), Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) });
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.StatAsync(X));
        StringAssert.Contains(e.Message, "no answer within 0.3 s");
        Assert.AreEqual(2, stub.Requests);
    }

    [TestMethod]
    public async Task GarbageListing_UnavailableNotCrash()
    {
        await using var stub = new StubServer((_, _, _) => StubServer.Response(200, "OK", "{\"entries\": [ {\"nam", "Content-Type: application/json\r\n"));
        using var fs = Fs(stub.Url, HttpOriginKind.Plain);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, async Task () => { await foreach (var _ in fs.ListAsync(VPath.Root)) { } });
        StringAssert.Contains(e.Message, "malformed response");
    }

    [TestMethod]
    public async Task ConnectAsync_OriginAndPlain_DetectsKind()
    {
        await using var origin = await OriginFixture.StartAsync();
        using var ours = await HttpFileSystem.ConnectAsync(origin.Url);
        Assert.AreEqual(HttpOriginKind.Origin, ours.Kind);
        Assert.IsTrue(ours.Capabilities.HasFlag(ProviderCapabilities.Write));
        await using var plain = new StubServer((_, _, _) => StubServer.Response(405, "Method Not Allowed"));
        using var theirs = await HttpFileSystem.ConnectAsync(plain.Url);
        Assert.AreEqual(HttpOriginKind.Plain, theirs.Kind);
        Assert.AreEqual(ProviderCapabilities.Read | ProviderCapabilities.Ranges | ProviderCapabilities.Watch, theirs.Capabilities);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => theirs.OpenWriteAsync(X, WriteMode.Replace));
        StringAssert.Contains(e.Message, "plain web server");
    }
}
