using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Client;

namespace Namespace.Http.Tests.Client;

/// <summary>httpfs's conditional changes are one request each, carrying the validator as HTTP says it.</summary>
[TestClass]
public sealed class HttpConditionalRequestTests
{
    private OriginFixture _f = null!;
    private Recorder _recorder = null!;
    private HttpFileSystem _fs = null!;

    [TestInitialize]
    public async Task Init()
    {
        _f = await OriginFixture.StartAsync();
        _recorder = new Recorder();
        _fs = new HttpFileSystem(_f.Url, new HttpFileSystemOptions { Kind = HttpOriginKind.Origin, Client = new HttpClient(_recorder) });
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        _fs.Dispose();
        _recorder.Dispose();
        await _f.DisposeAsync();
    }

    [TestMethod]
    public async Task OpenWriteIf_ModifiedTimeOnly_OnePutWithIfUnmodifiedSince()
    {
        _f.WriteFile("f", "base");
        var seen = (await _fs.StatAsync(VPath.Parse("/f")))!;
        _recorder.Sent.Clear();
        await WriteIfAsync("/f", new CacheValidator(null, seen.ModifiedUtc), "by time");
        CollectionAssert.AreEqual(new[] { $"PUT /f If-Unmodified-Since: {seen.ModifiedUtc:r}" }, _recorder.Sent.ToArray());
        Assert.AreEqual("by time", _f.ReadFile("f"));
    }

    [TestMethod]
    public async Task OpenWriteIf_ETagOrNothing_OnePutEachWithIfMatchOrIfNoneMatchStar()
    {
        _f.WriteFile("f", "base");
        var seen = (await _fs.StatAsync(VPath.Parse("/f")))!;
        _recorder.Sent.Clear();
        await WriteIfAsync("/f", new CacheValidator(seen.ETag, seen.ModifiedUtc), "by etag");
        await WriteIfAsync("/new", null, "new");
        CollectionAssert.AreEqual(new[] { $"PUT /f If-Match: {seen.ETag}", "PUT /new If-None-Match: *" }, _recorder.Sent.ToArray());
    }

    [TestMethod]
    public async Task DeleteIf_ETag_OneDeleteWithIfMatch()
    {
        _f.WriteFile("f", "base");
        var seen = (await _fs.StatAsync(VPath.Parse("/f")))!;
        _recorder.Sent.Clear();
        await _fs.DeleteIfAsync(VPath.Parse("/f"), new CacheValidator(seen.ETag, seen.ModifiedUtc));
        CollectionAssert.AreEqual(new[] { $"DELETE /f If-Match: {seen.ETag}" }, _recorder.Sent.ToArray());
        Assert.IsFalse(_f.Exists("f"));
    }

    private async Task WriteIfAsync(string path, CacheValidator? expected, string text)
    {
        await using var stream = await _fs.OpenWriteIfAsync(VPath.Parse(path), expected);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
    }

    // Each request as METHOD PATH and its precondition headers.
    private sealed class Recorder : DelegatingHandler
    {
        private static readonly string[] Conditions = ["If-Match", "If-None-Match", "If-Unmodified-Since"];

        public Recorder() => InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false };

        public List<string> Sent { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = Conditions.Where(h => request.Headers.Contains(h)).Select(h => $" {h}: {string.Join(", ", request.Headers.GetValues(h))}");
            lock (Sent) Sent.Add($"{request.Method} {request.RequestUri!.AbsolutePath}{string.Concat(headers)}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
