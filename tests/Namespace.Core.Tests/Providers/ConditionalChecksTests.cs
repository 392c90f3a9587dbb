using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Tests.Providers;

[TestClass]
public sealed class ConditionalChecksTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly NsEntry File = new("f", EntryKind.File, 4, UnixFileMode.UserRead, Time, "\"v1\"", "mem:x");
    private static readonly VPath Path = VPath.Parse("/f");

    [TestMethod]
    public void Matches_ETagGiven_ComparesETagsOnly()
    {
        Assert.IsTrue(ConditionalChecks.Matches(File, new CacheValidator("\"v1\"", Time.AddDays(-1))));
        Assert.IsFalse(ConditionalChecks.Matches(File, new CacheValidator("\"v2\"", Time)));
        Assert.IsFalse(ConditionalChecks.Matches(File with { ETag = null }, new CacheValidator("\"v1\"", Time)), "a file without an ETag is no version an ETag names");
    }

    [TestMethod]
    public void Matches_TimeOnly_ComparesModificationTimes()
    {
        Assert.IsTrue(ConditionalChecks.Matches(File, new CacheValidator(null, Time)));
        Assert.IsFalse(ConditionalChecks.Matches(File, new CacheValidator(null, Time.AddTicks(1))));
    }

    [TestMethod]
    public void Matches_ValidatorNamingNothing_ThrowsArgumentException() =>
        Assert.ThrowsExactly<ArgumentException>(() => ConditionalChecks.Matches(File, new CacheValidator(null, null)));

    [TestMethod]
    public void ForWrite_EachCase_PassesOrSaysWhy()
    {
        ConditionalChecks.ForWrite(Path, null, null);
        ConditionalChecks.ForWrite(Path, File, new CacheValidator("\"v1\"", null));
        AssertFails(() => ConditionalChecks.ForWrite(Path, File, null), NsErrorKind.Conflict, "/f: created by someone else");
        AssertFails(() => ConditionalChecks.ForWrite(Path, null, new CacheValidator("\"v1\"", null)), NsErrorKind.Conflict, "/f: removed by someone else");
        AssertFails(() => ConditionalChecks.ForWrite(Path, File, new CacheValidator("\"v0\"", null)), NsErrorKind.Conflict, "/f: changed by someone else");
        AssertFails(() => ConditionalChecks.ForWrite(Path, File with { Kind = EntryKind.Directory }, null), NsErrorKind.IsADirectory, "/f: is a directory");
    }

    [TestMethod]
    public void ForDelete_EachCase_PassesOrSaysWhy()
    {
        ConditionalChecks.ForDelete(Path, File, new CacheValidator("\"v1\"", null));
        AssertFails(() => ConditionalChecks.ForDelete(Path, null, new CacheValidator("\"v1\"", null)), NsErrorKind.NotFound, "/f: file not found");
        AssertFails(() => ConditionalChecks.ForDelete(Path, File, new CacheValidator("\"v0\"", null)), NsErrorKind.Conflict, "/f: changed by someone else");
        AssertFails(() => ConditionalChecks.ForDelete(Path, File with { Kind = EntryKind.Directory }, new CacheValidator("\"v1\"", null)), NsErrorKind.IsADirectory, "/f: is a directory");
    }

    private static void AssertFails(Action action, NsErrorKind kind, string message)
    {
        var e = Assert.ThrowsExactly<NamespaceException>(action);
        Assert.AreEqual(kind, e.Kind);
        Assert.AreEqual(message, e.Message);
    }
}
