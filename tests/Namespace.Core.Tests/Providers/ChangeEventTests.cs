using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Tests.Providers;

[TestClass]
public sealed class ChangeEventTests
{
    [TestMethod]
    [DataRow("/d/f", "/", true)]
    [DataRow("/d/f", "/d", true)]
    [DataRow("/d/f", "/d/f", true)]
    [DataRow("/d/f", "/d/f/g", false)]
    [DataRow("/d/f", "/dx", false)]
    [DataRow("/d/f", "/e", false)]
    public void Concerns_ChangeAtAPath_TrueAtOrAboveIt(string changed, string watched, bool expected) =>
        Assert.AreEqual(expected, new ChangeEvent(ChangeKind.Changed, VPath.Parse(changed)).Concerns(VPath.Parse(watched)));

    [TestMethod]
    [DataRow("/d", true)]
    [DataRow("/e", true)]
    [DataRow("/", true)]
    [DataRow("/f", false)]
    public void Concerns_Rename_TrueAtOrAboveEitherItsNewOrItsOldPath(string watched, bool expected) =>
        Assert.AreEqual(expected, new ChangeEvent(ChangeKind.Renamed, VPath.Parse("/d/x"), VPath.Parse("/e/x")).Concerns(VPath.Parse(watched)));
}
