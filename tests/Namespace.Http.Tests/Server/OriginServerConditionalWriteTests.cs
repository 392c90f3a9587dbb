using System.Net;
using System.Net.Http.Headers;

namespace Namespace.Http.Tests.Server;

/// <summary>The origin server honours If-Match, If-None-Match and If-Unmodified-Since on PUT and DELETE, also at the moment a PUT commits.</summary>
[TestClass]
public sealed class OriginServerConditionalWriteTests
{
    private OriginFixture _f = null!;

    [TestInitialize]
    public async Task Init() => _f = await OriginFixture.StartAsync();

    [TestCleanup]
    public async Task Cleanup() => await _f.DisposeAsync();

    // CURRENT stands for the file's ETag, LM for its Last-Modified, PAST for an hour before it.
    [TestMethod]
    [DataRow("PUT", "If-Match", "CURRENT", 204)]
    [DataRow("PUT", "If-Match", "\"other\"", 412)]
    [DataRow("PUT", "If-Unmodified-Since", "LM", 204)]
    [DataRow("PUT", "If-Unmodified-Since", "PAST", 412)]
    [DataRow("PUT", "If-None-Match", "*", 412)]
    [DataRow("PUT", "If-None-Match", "CURRENT", 412)]
    [DataRow("DELETE", "If-Match", "CURRENT", 204)]
    [DataRow("DELETE", "If-Match", "\"other\"", 412)]
    [DataRow("DELETE", "If-Unmodified-Since", "LM", 204)]
    [DataRow("DELETE", "If-Unmodified-Since", "PAST", 412)]
    [DataRow("DELETE", "If-None-Match", "*", 412)]
    public async Task Change_ConditionalHeader_ChangesOnlyWhenItHolds(string method, string header, string value, int expected)
    {
        _f.WriteFile("f", "base");
        using var head = await _f.SendAsync(HttpMethod.Head, "f");
        var lm = head.Content.Headers.LastModified!.Value;
        var text = value.Replace("CURRENT", head.Headers.ETag!.Tag).Replace("LM", lm.ToString("r")).Replace("PAST", lm.AddHours(-1).ToString("r"));
        using var r = await _f.SendAsync(new HttpMethod(method), "f", m => m.Headers.TryAddWithoutValidation(header, text), method == "PUT" ? "mine, newer" : null);
        Assert.AreEqual(expected, (int)r.StatusCode, $"{method} {header}: {text}");
        if (expected == 412)
        {
            Assert.AreEqual("Conflict", r.Headers.GetValues("Ns-Error").Single());
            Assert.AreEqual("base", _f.ReadFile("f"), "a failed precondition changes nothing");
        }
        else if (method == "PUT")
        {
            Assert.AreEqual("mine, newer", _f.ReadFile("f"));
        }
        else
        {
            Assert.IsFalse(_f.Exists("f"));
        }
        Assert.AreEqual(expected == 412 || method == "PUT" ? 1 : 0, Directory.GetFileSystemEntries(_f.Dir.Path).Length, "no temporary file is left behind");
    }

    [TestMethod]
    public async Task Delete_ConditionalOnAMissingFile_404NotFound()
    {
        using var r = await _f.SendAsync(HttpMethod.Delete, "gone", m => m.Headers.IfMatch.Add(new EntityTagHeaderValue("\"any\"")));
        Assert.AreEqual(HttpStatusCode.NotFound, r.StatusCode);
        Assert.AreEqual("NotFound", r.Headers.GetValues("Ns-Error").Single());
    }

    [TestMethod]
    public async Task Put_IfMatch_FileReplacedWhileTheBodyArrives_412AndTheOtherVersionKept()
    {
        _f.WriteFile("f", "base");
        using var head = await _f.SendAsync(HttpMethod.Head, "f");
        await AssertRecheckedAtCommitAsync(m => m.Headers.IfMatch.Add(head.Headers.ETag!));
    }

    [TestMethod]
    public async Task Put_IfNoneMatchStar_FileCreatedWhileTheBodyArrives_412AndTheOtherFileKept() =>
        await AssertRecheckedAtCommitAsync(m => m.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any));

    // A conditional PUT whose body is held back until someone else has replaced (or made) the file: the first check passed
    // when the body was asked for, so only the check at commit can refuse it.
    private async Task AssertRecheckedAtCommitAsync(Action<HttpRequestMessage> condition)
    {
        var body = new HeldBody("mine, racing"u8.ToArray());
        var request = new HttpRequestMessage(HttpMethod.Put, "f") { Content = new StreamContent(body) };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true;
        condition(request);
        var put = _f.Client.SendAsync(request);
        await body.Asked;
        using (var other = await _f.SendAsync(HttpMethod.Put, "f", body: "someone else's"))
            Assert.IsTrue(other.IsSuccessStatusCode, other.StatusCode.ToString());
        body.Release();
        using var r = await put;
        Assert.AreEqual(HttpStatusCode.PreconditionFailed, r.StatusCode);
        Assert.AreEqual("someone else's", _f.ReadFile("f"));
        Assert.AreEqual(1, Directory.GetFileSystemEntries(_f.Dir.Path).Length, "the refused upload's temporary file is removed");
    }

    // A request body that gives its bytes when first read and then ends only once released.
    private sealed class HeldBody(byte[] content) : Stream
    {
        private readonly TaskCompletionSource _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _sent;

        public Task Asked => _asked.Task;

        public void Release() => _released.TrySetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_sent)
            {
                _sent = true;
                content.CopyTo(buffer);
                _asked.TrySetResult();
                return content.Length;
            }
            await _released.Task.WaitAsync(cancellationToken);
            return 0;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
