using Namespace.Core.Errors;
using Namespace.Core.Local;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Core.Tests.Local;

/// <summary>localfs's conditional changes against another program changing the host directory.</summary>
[TestClass]
public sealed class LocalConditionalWriteTests
{
    private TempDirectory _dir = null!;
    private LocalFileSystem _fs = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = new TempDirectory();
        _fs = new LocalFileSystem(_dir.Path);
    }

    [TestCleanup]
    public void Cleanup()
    {
        _fs.Dispose();
        _dir.Dispose();
    }

    [TestMethod]
    public async Task OpenWriteIf_HostFileReplacedBeforeCommit_ConflictAndNoTemporaryFileLeft()
    {
        File.WriteAllText(_dir.Combine("f"), "base");
        var seen = (await _fs.StatAsync(VPath.Parse("/f")))!;
        var stream = await _fs.OpenWriteIfAsync(VPath.Parse("/f"), new CacheValidator(seen.ETag, seen.ModifiedUtc));
        await stream.WriteAsync("mine, racing"u8.ToArray());
        File.WriteAllText(_dir.Combine("f"), "another program's");
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => stream.DisposeAsync());
        Assert.AreEqual("another program's", File.ReadAllText(_dir.Combine("f")));
        CollectionAssert.AreEqual(new[] { "f" }, Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public async Task OpenWriteIf_NothingExpectedAndHostFileCreatedBeforeCommit_ConflictAndNoTemporaryFileLeft()
    {
        var stream = await _fs.OpenWriteIfAsync(VPath.Parse("/f"), null);
        await stream.WriteAsync("mine, racing"u8.ToArray());
        File.WriteAllText(_dir.Combine("f"), "another program's");
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => stream.DisposeAsync());
        Assert.AreEqual("/f: created by someone else", e.Message);
        Assert.AreEqual("another program's", File.ReadAllText(_dir.Combine("f")));
        CollectionAssert.AreEqual(new[] { "f" }, Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName).ToArray());
    }
}
