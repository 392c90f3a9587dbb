using Namespace.Core.Errors;
using Namespace.Core.Local;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Testing;

namespace Namespace.Core.Tests.Local;

/// <summary>localfs must never read or write outside its root, whatever path or link it is given.</summary>
[TestClass]
public sealed class LocalFileSystemTests
{
    private TempDirectory _tmp = null!;
    private string _root = null!;
    private string _outside = null!;
    private LocalFileSystem _fs = null!;
    private VirtualOS _os = null!;

    [TestInitialize]
    public async Task Init()
    {
        _tmp = new TempDirectory();
        _root = _tmp.Combine("root");
        _outside = _tmp.Combine("outside");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "secret"), "secret");
        File.WriteAllText(Path.Combine(_root, "inside"), "inside");
        Directory.CreateDirectory(Path.Combine(_root, "dir"));
        _fs = new LocalFileSystem(_root);
        _os = new VirtualOS();
        await _os.MountAsync("/x", _fs);
    }

    [TestCleanup]
    public void Cleanup()
    {
        _fs.Dispose();
        _tmp.Dispose();
    }

    [TestMethod]
    public async Task DotDot_InProviderPath_StaysInsideRoot()
    {
        var path = VPath.Parse("/../outside/secret");
        Assert.IsNull(await _fs.StatAsync(path));
        Assert.IsNull(await _fs.StatAsync(VPath.Parse("/../../../../" + _outside.TrimStart('/') + "/secret")));
        await _os.WriteAllTextAsync("/x/../x/../../x/made", "m");
        Assert.IsTrue(File.Exists(Path.Combine(_root, "made")));
        CollectionAssert.AreEqual(new[] { "secret" }, Directory.GetFileSystemEntries(_outside).Select(Path.GetFileName).ToArray(), "nothing new outside");
    }

    [TestMethod]
    public async Task AbsoluteSymlink_ToOutside_RefusedForEveryOperation()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "abs-file"), Path.Combine(_outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "abs-dir"), _outside);
        await AssertEscapeRefusedAsync("abs-file", "abs-dir");
    }

    [TestMethod]
    public async Task RelativeSymlink_ToOutside_RefusedForEveryOperation()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "rel-file"), "../outside/secret");
        Directory.CreateSymbolicLink(Path.Combine(_root, "dir", "rel-dir"), "../../outside");
        await AssertEscapeRefusedAsync("rel-file", "dir/rel-dir");
    }

    [TestMethod]
    public async Task SymlinkChain_LeavingAndReentering_ResolvesToRealPath()
    {
        // inside -> via an outer link back into the root is fine: only where it ends up counts.
        Directory.CreateSymbolicLink(Path.Combine(_outside, "back"), _root);
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "../outside/back/inside");
        Assert.AreEqual("inside", await _os.ReadAllTextAsync("/x/loop"));
    }

    [TestMethod]
    public async Task SymlinkInsideRoot_IsFollowed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), "dir");
        await _os.WriteAllTextAsync("/x/alias/f", "via link");
        Assert.AreEqual("via link", File.ReadAllText(Path.Combine(_root, "dir", "f")));
        CollectionAssert.Contains(await _os.NamesAsync("/x"), "alias/");
    }

    [TestMethod]
    public async Task SymlinkLoop_FailsWithClearError()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "l1"), "l2");
        File.CreateSymbolicLink(Path.Combine(_root, "l2"), "l1");
        var e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.ReadAllTextAsync("/x/l1"));
        StringAssert.Contains(e.Message, "symbolic links");
    }

    [TestMethod]
    public async Task HostNameWithControlCharacter_IsSkippedByListing()
    {
        File.WriteAllText(Path.Combine(_root, "bad\u0001name"), "x");
        File.WriteAllText(Path.Combine(_root, "bad\nline"), "x");
        CollectionAssert.AreEqual(new[] { "dir/", "inside" }, await _os.NamesAsync("/x"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.ReadAllTextAsync("/x/bad\u0001name"));
    }

    [TestMethod]
    public async Task Write_LeavesNoTemporaryFiles()
    {
        for (var i = 0; i < 5; i++) await _os.WriteAllTextAsync("/x/f", new string('x', i * 1000));
        await using (var s = await _os.OpenWriteAsync("/x/aborted"))
        {
            await s.WriteAsync(new byte[10]);
            s.Abort();
        }
        CollectionAssert.AreEquivalent(new[] { "dir", "f", "inside" }, Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public async Task Stat_File_ETagFromSizeAndModificationTime()
    {
        var entry = await _os.StatAsync("/x/inside");
        var info = new FileInfo(Path.Combine(_root, "inside"));
        Assert.AreEqual($"\"{info.Length:x}-{new DateTimeOffset(info.LastWriteTimeUtc).UtcTicks:x}\"", entry.ETag);
        Assert.AreEqual("local:" + _root, entry.ServedBy);
    }

    [TestMethod]
    public async Task Watch_ChangeByAnotherProgram_IsReported()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = _os.Watch("/x/dir", cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();
        File.WriteAllText(Path.Combine(_root, "dir", "external"), "from outside nsh");
        Assert.IsTrue(await next);
        Assert.AreEqual("/x/dir/external", events.Current.Path.Value);
    }

    [TestMethod]
    public void Constructor_MissingDirectory_ThrowsNotFound()
    {
        var e = Assert.ThrowsExactly<NamespaceException>(() => new LocalFileSystem(_tmp.Combine("nope")));
        Assert.AreEqual(NsErrorKind.NotFound, e.Kind);
    }

    private async Task AssertEscapeRefusedAsync(string fileLink, string dirLink)
    {
        var file = "/x/" + fileLink;
        var dir = "/x/" + dirLink;
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.ReadAllTextAsync(file));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.StatAsync(file));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.WriteAllTextAsync(file, "overwritten"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.NamesAsync(dir));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.WriteAllTextAsync(dir + "/planted", "x"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.CreateDirectoryAsync(dir + "/newdir"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.DeleteAsync(dir + "/secret"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.RenameAsync("/x/inside", dir + "/stolen"));
        // Escaping links are not part of the namespace at all.
        var names = await _os.NamesAsync(Path.GetDirectoryName(dir)!.Replace('\\', '/'));
        CollectionAssert.DoesNotContain(names, Path.GetFileName(dirLink) + "/");
        Assert.AreEqual("secret", File.ReadAllText(Path.Combine(_outside, "secret")));
        CollectionAssert.AreEqual(new[] { "secret" }, Directory.GetFileSystemEntries(_outside).Select(Path.GetFileName).ToArray());
        Assert.IsTrue(File.Exists(Path.Combine(_root, "inside")));
    }
}
