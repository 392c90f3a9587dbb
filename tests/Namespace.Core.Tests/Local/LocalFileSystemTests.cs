using Namespace.Core.Errors;
using Namespace.Core.Local;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
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
    public async Task SymlinkLoop_FailsWithClearError_ButIsListedAndRemovable()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "l1"), "l2");
        File.CreateSymbolicLink(Path.Combine(_root, "l2"), "l1");
        var e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.ReadAllTextAsync("/x/l1"));
        Assert.AreEqual("/x/l1: invalid path: too many levels of symbolic links", e.Message);
        e = await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.NamesAsync("/x/l1"));
        Assert.AreEqual("/x/l1: invalid path: too many levels of symbolic links", e.Message);
        CollectionAssert.AreEqual(new[] { "dir/", "inside", "l1", "l2" }, await _os.NamesAsync("/x"));
        Assert.AreEqual(EntryKind.SymbolicLink, (await _os.StatAsync("/x/l1")).Kind);
        await _os.DeleteAsync("/x/l1");
        CollectionAssert.AreEqual(new[] { "dir/", "inside", "l2" }, await _os.NamesAsync("/x"));
    }

    [TestMethod]
    public async Task DanglingSymlink_IsListedAsALink_ReadsAsNotFound_AndIsRemovable()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "gone"), "nothing-here");
        CollectionAssert.AreEqual(new[] { "dir/", "gone", "inside" }, await _os.NamesAsync("/x"));
        var entry = await _os.StatAsync("/x/gone");
        Assert.AreEqual((EntryKind.SymbolicLink, true, "nothing-here".Length), (entry.Kind, entry.IsSymbolicLink, (int)entry.Size));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => _os.ReadAllTextAsync("/x/gone"));
        await _os.DeleteAsync("/x/gone");
        Assert.IsFalse(await _os.ExistsAsync("/x/gone"));
        CollectionAssert.AreEquivalent(new[] { "dir", "inside" }, Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public async Task Remove_SymlinkInsideRoot_RemovesTheLinkNotWhatItPointsTo()
    {
        File.WriteAllText(Path.Combine(_root, "dir", "kept"), "kept");
        File.CreateSymbolicLink(Path.Combine(_root, "file-alias"), "inside");
        Directory.CreateSymbolicLink(Path.Combine(_root, "dir-alias"), "dir");
        await _os.DeleteAsync("/x/file-alias");
        await _os.DeleteAsync("/x/dir-alias", recursive: true);
        CollectionAssert.AreEqual(new[] { "dir/", "inside" }, await _os.NamesAsync("/x"));
        Assert.AreEqual("inside", File.ReadAllText(Path.Combine(_root, "inside")));
        Assert.AreEqual("kept", File.ReadAllText(Path.Combine(_root, "dir", "kept")));
    }

    [TestMethod]
    public async Task Rename_SymlinkInsideRoot_MovesTheLinkNotWhatItPointsTo()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "file-alias"), "inside");
        await _os.RenameAsync("/x/file-alias", "/x/dir/moved-alias");
        Assert.AreEqual("inside", new FileInfo(Path.Combine(_root, "dir", "moved-alias")).LinkTarget);
        Assert.AreEqual("inside", File.ReadAllText(Path.Combine(_root, "inside")), "the target stays where it was");
    }

    [TestMethod]
    public async Task RemoveRecursive_OfADirectoryHoldingAnEscapingLink_LeavesWhatItPointsToAlone()
    {
        Directory.CreateDirectory(Path.Combine(_root, "tree"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "tree", "out"), _outside);
        await _os.DeleteAsync("/x/tree", recursive: true);
        Assert.IsFalse(Directory.Exists(Path.Combine(_root, "tree")));
        Assert.AreEqual("secret", File.ReadAllText(Path.Combine(_outside, "secret")));
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

    // Following an escaping link is refused, whatever the operation; the link itself is listed (as a link, nothing of its
    // target shown) and can be removed, and removing it leaves its target alone.
    private async Task AssertEscapeRefusedAsync(string fileLink, string dirLink)
    {
        var file = "/x/" + fileLink;
        var dir = "/x/" + dirLink;
        const string escapes = "invalid path: symbolic link leads outside the mount's root";
        Assert.AreEqual($"{file}: {escapes}", (await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.ReadAllTextAsync(file))).Message);
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.WriteAllTextAsync(file, "overwritten"));
        Assert.AreEqual($"{dir}: {escapes}", (await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.NamesAsync(dir))).Message);
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.WriteAllTextAsync(dir + "/planted", "x"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.CreateDirectoryAsync(dir + "/newdir"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.DeleteAsync(dir + "/secret"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.RenameAsync("/x/inside", dir + "/stolen"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => _os.StatAsync(dir + "/secret"));

        // The links themselves are listed, as links: neither a file nor a directory, nothing of the target shown.
        foreach (var link in new[] { file, dir })
        {
            var entry = await _os.StatAsync(link);
            Assert.AreEqual((EntryKind.SymbolicLink, true, (string?)null), (entry.Kind, entry.IsSymbolicLink, entry.ETag), link);
            Assert.AreEqual(new FileInfo(_root + link[2..]).LinkTarget!.Length, entry.Size, "a link's size is its text's, as lstat says");
            var listed = await _os.ListAsync(link[..link.LastIndexOf('/')]).FirstAsync(e => e.Name == entry.Name);
            Assert.AreEqual(entry, listed);
        }

        await _os.DeleteAsync(file);
        await _os.DeleteAsync(dir, recursive: true);
        Assert.IsFalse(await _os.ExistsAsync(file));
        Assert.IsFalse(await _os.ExistsAsync(dir));
        Assert.IsFalse(File.Exists(_root + file[2..]) || new FileInfo(_root + file[2..]).LinkTarget is not null, "the link is gone");
        Assert.AreEqual("secret", File.ReadAllText(Path.Combine(_outside, "secret")));
        CollectionAssert.AreEqual(new[] { "secret" }, Directory.GetFileSystemEntries(_outside).Select(Path.GetFileName).ToArray());
        Assert.IsTrue(File.Exists(Path.Combine(_root, "inside")));
    }
}
