using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Http.Client;
using Namespace.Http.Server;
using Namespace.Testing;

namespace Namespace.Http.Tests.Client;

/// <summary>
/// Errors met while a stream is in use (a refused or conflicting commit, an answer cut short) name the
/// namespace path the user typed, as errors at open do, not the path inside the origin.
/// </summary>
[TestClass]
public sealed class NamespacePathErrorTests
{
    [TestMethod]
    public async Task Write_RefusedWhenCommitted_ErrorNamesNamespacePath()
    {
        await using var origin = await OriginFixture.StartAsync(new OriginServerOptions { ReadOnly = true });
        using var fs = new HttpFileSystem(origin.Url);
        var os = new VirtualOS();
        await os.MountAsync("/w", fs);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.WriteAllTextAsync("/w/hlog", "a").AsTask());
        Assert.AreEqual("/w/hlog", e.Path);
        StringAssert.StartsWith(e.Message, "/w/hlog: read-only file system");
    }

    [TestMethod]
    public async Task Write_ConflictWhenCommitted_ErrorNamesNamespacePath()
    {
        await using var origin = await OriginFixture.StartAsync();
        origin.WriteFile("g1", "base");
        using var fs = new HttpFileSystem(origin.Url);
        var os = new VirtualOS();
        await os.MountAsync("/w", fs);
        var mine = await os.OpenWriteAsync("/w/g1");
        await mine.WriteAsync("mine"u8.ToArray());
        origin.WriteFile("g1", "theirs, newer");
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => mine.DisposeAsync().AsTask());
        StringAssert.StartsWith(e.Message, "/w/g1: ");
        Assert.AreEqual("theirs, newer", origin.ReadFile("g1"));
    }

    [TestMethod]
    public async Task Read_AnswerCutShort_ErrorNamesNamespacePath()
    {
        await using var stub = new StubServer((_, _, _) =>
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nonly ten b");
        using var fs = new HttpFileSystem(stub.Url, new HttpFileSystemOptions { Kind = HttpOriginKind.Plain, Retries = 0 });
        var os = new VirtualOS();
        await os.MountAsync("/i", fs);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, async Task () =>
        {
            await using var input = await os.OpenReadAsync("/i/f");
            await input.CopyToAsync(Stream.Null);
        });
        StringAssert.StartsWith(e.Message, "/i/f: ");
    }
}
