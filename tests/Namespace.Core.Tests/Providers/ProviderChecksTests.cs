using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Tests.Providers;

[TestClass]
public sealed class ProviderChecksTests
{
    private static readonly VPath Root = VPath.Root;

    [TestMethod]
    public void ForRead_Root_IsADirectory() =>
        AssertFails(() => ProviderChecks.ForRead(Root), NsErrorKind.IsADirectory, "/: is a directory");

    [TestMethod]
    public void ForWrite_Root_IsADirectory() =>
        AssertFails(() => ProviderChecks.ForWrite(Root), NsErrorKind.IsADirectory, "/: is a directory");

    [TestMethod]
    public void ForCreateDirectory_Root_Exists() =>
        AssertFails(() => ProviderChecks.ForCreateDirectory(Root), NsErrorKind.Exists, "/: file exists");

    [TestMethod]
    public void ForDelete_Root_InvalidPath() =>
        AssertFails(() => ProviderChecks.ForDelete(Root), NsErrorKind.InvalidPath, "/: invalid path: cannot remove the root");

    [TestMethod]
    public void ForEachSinglePathCheck_AnyPathButTheRoot_Passes()
    {
        foreach (var path in new[] { VPath.Parse("/f"), VPath.Parse("/d/e/f") })
        {
            ProviderChecks.ForRead(path);
            ProviderChecks.ForWrite(path);
            ProviderChecks.ForCreateDirectory(path);
            ProviderChecks.ForDelete(path);
        }
    }

    [TestMethod]
    [DataRow("/", "/a", "/")]
    [DataRow("/a", "/", "/")]
    [DataRow("/", "/", "/")]
    public void ForMove_FromOrToRoot_InvalidPathAboutTheRoot(string from, string to, string reported) =>
        AssertFails(() => ProviderChecks.ForMove(VPath.Parse(from), VPath.Parse(to)), NsErrorKind.InvalidPath,
            $"{reported}: invalid path: cannot rename the root");

    [TestMethod]
    [DataRow("/a", "/a/b")]
    [DataRow("/a", "/a/b/c")]
    public void ForMove_IntoItself_InvalidPathAboutTheTarget(string from, string to) =>
        AssertFails(() => ProviderChecks.ForMove(VPath.Parse(from), VPath.Parse(to)), NsErrorKind.InvalidPath,
            $"{to}: invalid path: cannot move {from} into itself");

    [TestMethod]
    public void ForMove_OntoItself_NothingToDo() => Assert.IsFalse(ProviderChecks.ForMove(VPath.Parse("/a/b"), VPath.Parse("/a/b")));

    [TestMethod]
    [DataRow("/a", "/b")]
    [DataRow("/a/b", "/a")]
    [DataRow("/a", "/ab")]
    [DataRow("/d/f", "/e/f")]
    public void ForMove_ElsewhereIncludingUpOrBesideAPrefix_SomethingToDo(string from, string to) =>
        Assert.IsTrue(ProviderChecks.ForMove(VPath.Parse(from), VPath.Parse(to)));

    private static void AssertFails(Action check, NsErrorKind kind, string message)
    {
        var e = Assert.ThrowsExactly<NamespaceException>(check);
        Assert.AreEqual(kind, e.Kind);
        Assert.AreEqual(message, e.Message);
    }
}
