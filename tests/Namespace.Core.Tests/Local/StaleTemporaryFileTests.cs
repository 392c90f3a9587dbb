using Namespace.Core.Local;
using Namespace.Testing;

namespace Namespace.Core.Tests.Local;

/// <summary>
/// Temporary files a killed writer left behind are removed: only names of our own pattern, only regular files, only
/// those untouched for the age given, never through a link.
/// </summary>
[TestClass]
public sealed class StaleTemporaryFileTests
{
    private const string OurName = ".nsh-tmp-0123456789abcdef0123456789abcdef";
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddDays(-2);

    [TestMethod]
    public void RemoveStaleTemporaryFiles_OnlyOldFilesOfOurPattern()
    {
        using var tmp = new TempDirectory();
        var root = tmp.Combine("root");
        var outside = tmp.Combine("outside");
        Directory.CreateDirectory(Path.Combine(root, "sub", "deeper"));
        Directory.CreateDirectory(outside);
        var staleTop = Old(Path.Combine(root, OurName));
        var staleDeep = Old(Path.Combine(root, "sub", "deeper", ".nsh-tmp-fedcba9876543210fedcba9876543210"));
        var fresh = Path.Combine(root, "sub", ".nsh-tmp-11111111111111111111111111111111");
        File.WriteAllText(fresh, "a write under way");
        var notOurs = Old(Path.Combine(root, ".nsh-tmp-notours"));
        var user = Old(Path.Combine(root, "user-file"));
        Directory.CreateDirectory(Path.Combine(root, ".nsh-tmp-22222222222222222222222222222222"));
        var target = Old(Path.Combine(outside, OurName));
        File.CreateSymbolicLink(Path.Combine(root, "sub", ".nsh-tmp-33333333333333333333333333333333"), target);
        Directory.CreateSymbolicLink(Path.Combine(root, "out"), outside);

        using var fs = new LocalFileSystem(root);
        Assert.AreEqual(2, fs.RemoveStaleTemporaryFiles(TimeSpan.FromHours(1)));

        Assert.IsFalse(File.Exists(staleTop));
        Assert.IsFalse(File.Exists(staleDeep));
        foreach (var kept in new[] { fresh, notOurs, user, target })
            Assert.IsTrue(File.Exists(kept), kept);
        Assert.IsTrue(Directory.Exists(Path.Combine(root, ".nsh-tmp-22222222222222222222222222222222")));
        Assert.IsNotNull(new FileInfo(Path.Combine(root, "sub", ".nsh-tmp-33333333333333333333333333333333")).LinkTarget, "a link is not ours to remove");
    }

    private static string Old(string path)
    {
        File.WriteAllText(path, "left behind");
        File.SetLastWriteTimeUtc(path, LongAgo);
        return path;
    }
}
