using Namespace.Core.Errors;

namespace Namespace.Caching.Tests;

/// <summary>httpfs mounted on its own, with no cache element: what reading through the namespace costs the origin.</summary>
[TestClass]
public sealed class PlainMountTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["/a.txt"] = "alpha",
        ["/docs/d.txt"] = "delta",
    };

    [TestMethod]
    public async Task ReadingAFile_IsOneOriginRequest()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.MountAsync("/plain", o.Http);

        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/plain/a.txt"));

        CollectionAssert.AreEqual(new[] { "GET 200" }, o.Proxy.Answers("/a.txt").ToArray(), "no lookup before the GET");
    }

    [TestMethod]
    public async Task ReadingWhatIsNotAFile_SaysSoInTheNamespacesTerms()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        await o.Os.MountAsync("/plain", o.Http);

        var missing = await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.ReadAllTextAsync("/plain/nope.txt").AsTask());
        Assert.AreEqual("/plain/nope.txt: file not found", missing.Message);
        var directory = await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.ReadAllTextAsync("/plain/docs").AsTask());
        Assert.AreEqual(NsErrorKind.IsADirectory, directory.Kind);
        Assert.AreEqual("/plain/docs", directory.Path);
        var mountPoint = await Assert.ThrowsExactlyAsync<NamespaceException>(() => o.Os.ReadAllTextAsync("/plain").AsTask());
        Assert.AreEqual(NsErrorKind.IsADirectory, mountPoint.Kind);
    }
}
