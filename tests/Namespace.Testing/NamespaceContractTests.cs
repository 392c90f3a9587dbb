using System.Text;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>
/// The behaviours every provider must show through a namespace. A provider's test class derives
/// from this and says how to make a fresh, empty, writable instance; the suite mounts it at /t
/// (or, for the union subclass, a union at /t) and drives it through <see cref="VirtualOS"/>.
/// </summary>
public abstract class NamespaceContractTests
{
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(20);
    private int _labels;

    /// <summary>A fresh, empty, writable provider of the kind under test.</summary>
    protected abstract IFileProvider CreateProvider(string label);

    /// <summary>A fresh provider of the kind under test holding <paramref name="files"/> (path → text).</summary>
    protected async Task<IFileProvider> CreateProviderAsync(string label, params (string Path, string Text)[] files)
    {
        var provider = CreateProvider(label);
        foreach (var (path, text) in files)
        {
            var p = VPath.Parse(path);
            var dir = VPath.Root;
            foreach (var segment in p.Parent.Segments)
            {
                dir = dir.Child(segment);
                if (await provider.StatAsync(dir) is null) await provider.CreateDirectoryAsync(dir);
            }
            await using var stream = await provider.OpenWriteAsync(p, WriteMode.Replace);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        }
        return provider;
    }

    /// <summary>A namespace whose /t is the subject: by default the provider alone, mounted there.</summary>
    protected virtual async Task<VirtualOS> CreateSubjectAsync()
    {
        var os = new VirtualOS();
        await os.MountAsync("/t", CreateProvider(NextLabel("subject")));
        return os;
    }

    protected string NextLabel(string stem) => $"{stem}{Interlocked.Increment(ref _labels)}";

    // ---- files ----

    [TestMethod]
    public async Task Stat_Missing_ThrowsNotFoundNamingPath()
    {
        var os = await CreateSubjectAsync();
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.StatAsync("/t/nope"));
        Assert.AreEqual("/t/nope: file not found", e.Message);
    }

    [TestMethod]
    public async Task WriteAllText_ThenRead_ReturnsContentAndStat()
    {
        var os = await CreateSubjectAsync();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await os.WriteAllTextAsync("/t/hello.txt", "hello, world");
        Assert.AreEqual("hello, world", await os.ReadAllTextAsync("/t/hello.txt"));
        var entry = await os.StatAsync("/t/hello.txt");
        Assert.AreEqual("hello.txt", entry.Name);
        Assert.AreEqual(EntryKind.File, entry.Kind);
        Assert.AreEqual(12, entry.Size);
        Assert.IsTrue(entry.ModifiedUtc > before && entry.ModifiedUtc < DateTimeOffset.UtcNow.AddMinutes(1), $"mtime {entry.ModifiedUtc}");
        Assert.AreEqual(TimeSpan.Zero, entry.ModifiedUtc.Offset);
        Assert.IsFalse(string.IsNullOrEmpty(entry.ServedBy));
    }

    [TestMethod]
    public async Task Write_Overwrite_ReplacesContentAndChangesETag()
    {
        var os = await CreateSubjectAsync();
        await os.WriteAllTextAsync("/t/f", "one");
        var first = await os.StatAsync("/t/f");
        await os.WriteAllTextAsync("/t/f", "second version");
        var second = await os.StatAsync("/t/f");
        Assert.AreEqual("second version", await os.ReadAllTextAsync("/t/f"));
        Assert.IsNotNull(second.ETag);
        Assert.AreNotEqual(first.ETag, second.ETag);
    }

    [TestMethod]
    public async Task OpenWrite_Append_AddsToEnd()
    {
        var os = await CreateSubjectAsync();
        await os.WriteAllTextAsync("/t/log", "a");
        await using (var s = await os.OpenWriteAsync("/t/log", WriteMode.Append)) await s.WriteAsync("b"u8.ToArray());
        Assert.AreEqual("ab", await os.ReadAllTextAsync("/t/log"));
    }

    [TestMethod]
    public async Task OpenWrite_CreateNewOnExisting_ThrowsExists()
    {
        var os = await CreateSubjectAsync();
        await os.WriteAllTextAsync("/t/f", "x");
        await Ns.ThrowsNsAsync(NsErrorKind.Exists, () => os.OpenWriteAsync("/t/f", WriteMode.CreateNew));
    }

    [TestMethod]
    public async Task OpenWrite_Aborted_LeavesOldContent()
    {
        var os = await CreateSubjectAsync();
        await os.WriteAllTextAsync("/t/f", "old");
        await using (var s = await os.OpenWriteAsync("/t/f"))
        {
            await s.WriteAsync("new data"u8.ToArray());
            s.Abort();
        }
        Assert.AreEqual("old", await os.ReadAllTextAsync("/t/f"));
        CollectionAssert.AreEqual(new[] { "f" }, await os.NamesAsync("/t"));
    }

    [TestMethod]
    public async Task OpenWrite_ReaderBeforeCommit_SeesOldContent()
    {
        var os = await CreateSubjectAsync();
        await os.WriteAllTextAsync("/t/f", "old");
        await using (var s = await os.OpenWriteAsync("/t/f"))
        {
            await s.WriteAsync("new"u8.ToArray());
            await s.FlushAsync();
            Assert.AreEqual("old", await os.ReadAllTextAsync("/t/f"));
        }
        Assert.AreEqual("new", await os.ReadAllTextAsync("/t/f"));
    }

    [TestMethod]
    public async Task Write_MissingParent_ThrowsNotFoundForParent()
    {
        var os = await CreateSubjectAsync();
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.WriteAllTextAsync("/t/no/such/f", "x"));
        StringAssert.StartsWith(e.Message, "/t/no");
    }

    [TestMethod]
    public async Task Write_OntoDirectory_ThrowsIsADirectory()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/d");
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => os.WriteAllTextAsync("/t/d", "x"));
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => os.ReadAllTextAsync("/t/d"));
    }

    [TestMethod]
    public async Task Path_WithControlCharacter_ThrowsInvalidPath()
    {
        var os = await CreateSubjectAsync();
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => os.WriteAllTextAsync("/t/a\nb", "x"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => os.StatAsync("/t/\u0001"));
        Assert.AreEqual(0, (await os.NamesAsync("/t")).Count);
    }

    [TestMethod]
    public async Task List_Directory_SortedOrdinallyWithSlashForDirectories()
    {
        var os = await CreateSubjectAsync();
        foreach (var name in new[] { "b", "B", "a", "_x", "10", "9" }) await os.WriteAllTextAsync("/t/" + name, name);
        await os.CreateDirectoryAsync("/t/dir");
        CollectionAssert.AreEqual(new[] { "10", "9", "B", "_x", "a", "b", "dir/" }, await os.NamesAsync("/t"));
    }

    [TestMethod]
    public async Task List_EmptyDirectory_IsEmptyNotMissing()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/empty");
        Assert.AreEqual(0, (await os.NamesAsync("/t/empty")).Count);
        Assert.IsTrue((await os.StatAsync("/t/empty")).IsDirectory);
    }

    [TestMethod]
    public async Task List_FileOrMissing_ThrowsNotADirectoryOrNotFound()
    {
        var os = await CreateSubjectAsync();
        await os.WriteAllTextAsync("/t/f", "x");
        await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => os.NamesAsync("/t/f"));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.NamesAsync("/t/missing"));
    }

    [TestMethod]
    public async Task CreateDirectory_ExistingOrMissingParent_FailsClearly()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/d");
        await Ns.ThrowsNsAsync(NsErrorKind.Exists, () => os.CreateDirectoryAsync("/t/d"));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.CreateDirectoryAsync("/t/x/y"));
        await os.CreateDirectoryAsync("/t/x/y/z", parents: true);
        await os.CreateDirectoryAsync("/t/x/y/z", parents: true);
        Assert.IsTrue((await os.StatAsync("/t/x/y/z")).IsDirectory);
    }

    [TestMethod]
    public async Task Delete_FileAndDirectories_RemovesOrRefuses()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/d/e", parents: true);
        await os.WriteAllTextAsync("/t/d/e/f", "x");
        await Ns.ThrowsNsAsync(NsErrorKind.NotEmpty, () => os.DeleteAsync("/t/d"));
        await os.DeleteAsync("/t/d/e/f");
        Assert.IsFalse(await os.ExistsAsync("/t/d/e/f"));
        await os.WriteAllTextAsync("/t/d/e/g", "x");
        await os.DeleteAsync("/t/d", recursive: true);
        Assert.IsFalse(await os.ExistsAsync("/t/d"));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.DeleteAsync("/t/d"));
    }

    [TestMethod]
    public async Task Rename_File_MovesAndReplacesTarget()
    {
        var os = await CreateSubjectAsync();
        await os.WriteAllTextAsync("/t/a", "A");
        await os.WriteAllTextAsync("/t/b", "B");
        await os.CreateDirectoryAsync("/t/sub");
        await os.RenameAsync("/t/a", "/t/sub/a2");
        Assert.AreEqual("A", await os.ReadAllTextAsync("/t/sub/a2"));
        Assert.IsFalse(await os.ExistsAsync("/t/a"));
        await os.RenameAsync("/t/sub/a2", "/t/b");
        Assert.AreEqual("A", await os.ReadAllTextAsync("/t/b"));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.RenameAsync("/t/missing", "/t/z"));
    }

    [TestMethod]
    public async Task Rename_DirectoryIntoItself_ThrowsInvalidPath()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/d");
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidPath, () => os.RenameAsync("/t/d", "/t/d/inner"));
        await os.RenameAsync("/t/d", "/t/e");
        Assert.IsTrue((await os.StatAsync("/t/e")).IsDirectory);
    }

    [TestMethod]
    public async Task Copy_Recursive_CopiesTree()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/src/deep", parents: true);
        await os.WriteAllTextAsync("/t/src/deep/f", "data");
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => os.CopyAsync("/t/src", "/t/dst"));
        await os.CopyAsync("/t/src", "/t/dst", recursive: true);
        Assert.AreEqual("data", await os.ReadAllTextAsync("/t/dst/deep/f"));
        Assert.AreEqual("data", await os.ReadAllTextAsync("/t/src/deep/f"));
    }

    [TestMethod]
    public async Task ChangeDirectory_RelativePaths_ResolveAgainstIt()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/d");
        await os.ChangeDirectoryAsync("/t/d");
        await os.WriteAllTextAsync("rel", "r");
        Assert.AreEqual("r", await os.ReadAllTextAsync("/t/d/rel"));
        await os.ChangeDirectoryAsync("..");
        Assert.AreEqual("/t", os.CurrentDirectory.Value);
        await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => os.ChangeDirectoryAsync("d/rel"));
    }

    // ---- the provider itself ----

    // The namespace never sends these (a provider's root is a mount point), so they are asked of the provider directly.
    [TestMethod]
    public async Task Provider_TheRootOrARenameIntoItself_RefusedWithTheSameErrorsByEveryProvider()
    {
        var provider = await CreateProviderAsync(NextLabel("direct"), ("/d/f", "f"));
        var root = VPath.Root;
        var d = VPath.Parse("/d");

        await AssertRefusedAsync(NsErrorKind.IsADirectory, "/: is a directory", () => provider.OpenReadAsync(root).AsTask());
        await AssertRefusedAsync(NsErrorKind.IsADirectory, "/: is a directory", () => provider.OpenWriteAsync(root, WriteMode.Replace).AsTask());
        await AssertRefusedAsync(NsErrorKind.Exists, "/: file exists", () => provider.CreateDirectoryAsync(root).AsTask());
        await AssertRefusedAsync(NsErrorKind.InvalidPath, "/: invalid path: cannot remove the root", () => provider.DeleteAsync(root, recursive: true).AsTask());
        await AssertRefusedAsync(NsErrorKind.InvalidPath, "/: invalid path: cannot rename the root", () => provider.MoveAsync(root, VPath.Parse("/x")).AsTask());
        await AssertRefusedAsync(NsErrorKind.InvalidPath, "/: invalid path: cannot rename the root", () => provider.MoveAsync(d, root).AsTask());
        await AssertRefusedAsync(NsErrorKind.InvalidPath, "/d/e: invalid path: cannot move /d into itself", () => provider.MoveAsync(d, VPath.Parse("/d/e")).AsTask());
        await provider.MoveAsync(VPath.Parse("/d/f"), VPath.Parse("/d/f"));

        var names = new List<string>();
        await foreach (var entry in provider.ListAsync(d)) names.Add(entry.Name);
        CollectionAssert.AreEqual(new[] { "f" }, names, "nothing refused, nor a rename onto itself, may change the tree");
        await using var content = await provider.OpenReadAsync(VPath.Parse("/d/f"));
        Assert.AreEqual("f", await new StreamReader(content).ReadToEndAsync());
    }

    private static async Task AssertRefusedAsync(NsErrorKind kind, string message, Func<Task> action)
    {
        var e = await Ns.ThrowsNsAsync(kind, action);
        Assert.AreEqual(message, e.Message);
    }

    // ---- watch ----

    [TestMethod]
    public async Task Watch_Write_ReportsEventAtNamespacePath()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/sub");
        using var cts = new CancellationTokenSource(EventWait);
        await using var events = os.Watch("/t/sub", cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();
        await os.WriteAllTextAsync("/t/sub/new.txt", "x");
        await os.WriteAllTextAsync("/t/outside.txt", "x");
        Assert.IsTrue(await next);
        Assert.AreEqual("/t/sub/new.txt", events.Current.Path.Value);
        Assert.AreEqual(ChangeKind.Created, events.Current.Kind, "a file that was not there is created, not changed");
    }

    [TestMethod]
    public async Task Watch_Overwrite_ReportsChanged()
    {
        var os = await CreateSubjectAsync();
        await os.CreateDirectoryAsync("/t/sub");
        await os.WriteAllTextAsync("/t/sub/old.txt", "before");
        using var cts = new CancellationTokenSource(EventWait);
        await using var events = os.Watch("/t/sub", cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();
        await os.WriteAllTextAsync("/t/sub/old.txt", "after");
        Assert.IsTrue(await next);
        Assert.AreEqual(new ChangeEvent(ChangeKind.Changed, VPath.Parse("/t/sub/old.txt")), events.Current);
    }

    [TestMethod]
    public async Task Watch_SlowReader_ReportsOverflowInsteadOfDroppingSilently()
    {
        var os = await CreateSubjectAsync();
        using var cts = new CancellationTokenSource(EventWait);
        await using var events = os.Watch("/t", capacity: 2, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();
        for (var i = 0; i < 40; i++) await os.WriteAllTextAsync($"/t/f{i:D2}", "x");
        var seen = new List<ChangeEvent>();
        while (await next)
        {
            seen.Add(events.Current);
            if (events.Current.Kind == ChangeKind.Overflow) break;
            next = events.MoveNextAsync();
        }
        Assert.AreEqual(ChangeKind.Overflow, seen[^1].Kind);
        Assert.AreEqual("/t", seen[^1].Path.Value);
        Assert.IsTrue(seen.Count <= 3 + 1, $"at most capacity events before the overflow, saw {seen.Count}");
    }

    // ---- unions ----

    [TestMethod]
    public async Task Union_Listing_EachNameOnceFromFirstElementSorted()
    {
        var os = new VirtualOS();
        var a = await CreateProviderAsync(NextLabel("a"), ("/same", "from a"), ("/only-a", "a"), ("/dir/x", "a"));
        var b = await CreateProviderAsync(NextLabel("b"), ("/same", "from b"), ("/only-b", "b"), ("/dir/y", "b"));
        await os.MountAsync("/u", a);
        await os.MountAsync("/u", b, BindOptions.After);
        CollectionAssert.AreEqual(new[] { "dir/", "only-a", "only-b", "same" }, await os.NamesAsync("/u"));
        Assert.AreEqual("from a", await os.ReadAllTextAsync("/u/same"));
        var same = (await os.EntriesAsync("/u")).Single(e => e.Name == "same");
        Assert.AreEqual(a.Source.ToString(), same.ServedBy);
        // Deep: /u/dir is looked up in each element's own dir.
        CollectionAssert.AreEqual(new[] { "x", "y" }, await os.NamesAsync("/u/dir"));
        Assert.AreEqual("b", await os.ReadAllTextAsync("/u/dir/y"));
    }

    [TestMethod]
    public async Task Union_Before_PutsNewElementFirst()
    {
        var os = new VirtualOS();
        var a = await CreateProviderAsync(NextLabel("a"), ("/same", "from a"));
        var b = await CreateProviderAsync(NextLabel("b"), ("/same", "from b"));
        await os.MountAsync("/u", a);
        await os.MountAsync("/u", b, BindOptions.Before);
        Assert.AreEqual("from b", await os.ReadAllTextAsync("/u/same"));
    }

    [TestMethod]
    public async Task Union_NoCreateElement_RefusesWithAdviceToAddC()
    {
        var os = new VirtualOS();
        await os.MountAsync("/u", await CreateProviderAsync(NextLabel("a"), ("/x", "x")));
        await os.MountAsync("/u", await CreateProviderAsync(NextLabel("b")), BindOptions.After);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NoCreateElement, () => os.WriteAllTextAsync("/u/new", "n"));
        StringAssert.Contains(e.Message, "-c");
        StringAssert.StartsWith(e.Message, "/u/new: ");
        // Existing files are still written where lookup finds them.
        await os.WriteAllTextAsync("/u/x", "changed");
        Assert.AreEqual("changed", await os.ReadAllTextAsync("/u/x"));
    }

    [TestMethod]
    public async Task Union_CreateElement_ReceivesNewFilesAndDirectories()
    {
        var os = new VirtualOS();
        var a = await CreateProviderAsync(NextLabel("a"), ("/sub/x", "x"));
        var b = await CreateProviderAsync(NextLabel("b"));
        await os.MountAsync("/u", a);
        await os.MountAsync("/u", b, new BindOptions(BindPosition.After, Create: true));
        await os.WriteAllTextAsync("/u/new", "n");
        await os.WriteAllTextAsync("/u/sub/deep-new", "d");
        await os.CreateDirectoryAsync("/u/newdir");
        Assert.IsNotNull(await b.StatAsync(VPath.Parse("/new")));
        Assert.IsNull(await a.StatAsync(VPath.Parse("/new")));
        Assert.IsNotNull(await b.StatAsync(VPath.Parse("/sub/deep-new")), "parent made in the create element");
        Assert.IsTrue((await b.StatAsync(VPath.Parse("/newdir")))!.IsDirectory);
    }

    [TestMethod]
    public async Task Union_SingleWritableElement_CreatesWithoutC()
    {
        var os = new VirtualOS();
        var a = CreateProvider(NextLabel("a"));
        await os.MountAsync("/x", a);
        await os.WriteAllTextAsync("/x/f", "f");
        Assert.IsNotNull(await a.StatAsync(VPath.Parse("/f")));
    }

    [TestMethod]
    public async Task Union_CacheElement_DoesNotCountForCreateRule()
    {
        var os = new VirtualOS(new CacheLayer());
        var origin = CreateProvider(NextLabel("origin"));
        var cache = new MemoryFileSystem(NextLabel("cache"));
        await os.MountAsync("/web", origin);
        await os.MountAsync("/web", cache, new BindOptions(BindPosition.Before, Cache: true));
        await os.WriteAllTextAsync("/web/page", "p");
        Assert.IsNotNull(await origin.StatAsync(VPath.Parse("/page")), "the origin is where a new file is created");
        Assert.AreEqual("p", await os.ReadAllTextAsync("/web/page"));
    }

    [TestMethod]
    public async Task Union_ReadOnlyElement_SaysReadOnlyNotNotFound()
    {
        var os = new VirtualOS();
        var data = await CreateProviderAsync(NextLabel("ro"), ("/x", "x"), ("/d/y", "y"));
        await os.MountAsync("/u", new ReadOnlyFileProvider(data));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.DeleteAsync("/u/x"));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.WriteAllTextAsync("/u/x", "new"));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.WriteAllTextAsync("/u/fresh", "new"));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.RenameAsync("/u/x", "/u/z"));
        var e = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.DeleteAsync("/u/d/y"));
        Assert.AreEqual("/u/d/y: read-only file system", e.Message);
        Assert.AreEqual("x", await os.ReadAllTextAsync("/u/x"));
    }

    [TestMethod]
    public async Task Mount_ReadOnlyOption_RefusesChangesAndShowsInNs()
    {
        var os = new VirtualOS();
        var data = await CreateProviderAsync(NextLabel("data"), ("/x", "x"));
        await os.MountAsync("/ro", data, new BindOptions(Options: [new("ro", "")]));
        await os.MountAsync("/rw", data);
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.WriteAllTextAsync("/ro/x", "changed"));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.DeleteAsync("/ro/x"));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.CreateDirectoryAsync("/ro/d"));
        await os.WriteAllTextAsync("/rw/x", "changed");
        Assert.AreEqual("changed", await os.ReadAllTextAsync("/ro/x"));
        StringAssert.Contains(os.Ns(), "mount -o ro -t ");
    }

    [TestMethod]
    public async Task Bind_OfReadOnlyElement_StaysReadOnlyAndShowsInNs()
    {
        var os = new VirtualOS();
        var data = await CreateProviderAsync(NextLabel("data"), ("/keep", "kept"), ("/d/y", "y"));
        await os.MountAsync("/t", data, new BindOptions(Options: [new("ro", "")]));
        await os.BindAsync("/t", "/t2");
        await os.BindAsync("/t/d", "/t3", new BindOptions(Create: true));
        await os.BindAsync("/t", "/t4", BindOptions.After);
        foreach (var path in new[] { "/t2/keep", "/t3/y", "/t4/keep" })
        {
            await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.WriteAllTextAsync(path, "overwritten"));
            await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.DeleteAsync(path));
        }
        Assert.AreEqual("kept", await os.ReadAllTextAsync("/t/keep"));
        var binds = os.NsCommands().Where(c => c.Old.Value != "/t").ToArray();
        Assert.AreEqual(3, binds.Length);
        foreach (var bind in binds) StringAssert.Contains(bind.ToString(), "-o ro -t ", $"ns for {bind.Old}");
    }

    [TestMethod]
    public async Task Union_CreateElementReadOnly_SaysReadOnly()
    {
        var os = new VirtualOS();
        await os.MountAsync("/u", CreateProvider(NextLabel("w")));
        await os.MountAsync("/u", new ReadOnlyFileProvider(CreateProvider(NextLabel("ro"))), new BindOptions(BindPosition.After, Create: true));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.WriteAllTextAsync("/u/new", "n"));
    }

    [TestMethod]
    public async Task Bind_OntoPathWithoutUnion_InsertsPathItselfFirst()
    {
        var os = new VirtualOS();
        var root = await CreateProviderAsync(NextLabel("root"), ("/u/own", "own"), ("/x/extra", "extra"));
        await os.MountAsync("/", root);
        await os.BindAsync("/x", "/u", BindOptions.After);
        CollectionAssert.AreEqual(new[] { "extra", "own" }, await os.NamesAsync("/u"));
        var u = os.Mounts.Single(m => m.Path.Value == "/u");
        CollectionAssert.AreEqual(new[] { "/u", "/x" }, u.Elements.Select(e => e.Root.Value).ToArray(), "bind -a /x /u gives [/u, /x]");

        var os2 = new VirtualOS();
        await os2.MountAsync("/", root);
        await os2.BindAsync("/x", "/u", BindOptions.Before);
        CollectionAssert.AreEqual(new[] { "/x", "/u" }, os2.Mounts.Single(m => m.Path.Value == "/u").Elements.Select(e => e.Root.Value).ToArray());
    }

    [TestMethod]
    public async Task Bind_Replace_HidesWhatWasThere()
    {
        var os = new VirtualOS();
        var root = await CreateProviderAsync(NextLabel("root"), ("/u/own", "own"), ("/x/extra", "extra"));
        await os.MountAsync("/", root);
        await os.BindAsync("/x", "/u");
        CollectionAssert.AreEqual(new[] { "extra" }, await os.NamesAsync("/u"));
    }

    [TestMethod]
    public async Task Bind_IsSnapshot_LaterChangesAtNewDoNotShow()
    {
        var os = new VirtualOS();
        var first = await CreateProviderAsync(NextLabel("first"), ("/f", "first"));
        var second = await CreateProviderAsync(NextLabel("second"), ("/s", "second"));
        await os.MountAsync("/x", first);
        await os.BindAsync("/x", "/u");
        await os.MountAsync("/x", second);
        CollectionAssert.AreEqual(new[] { "f" }, await os.NamesAsync("/u"));
        await os.UnmountAsync("/x");
        CollectionAssert.AreEqual(new[] { "f" }, await os.NamesAsync("/u"));
    }

    [TestMethod]
    public async Task Bind_Missing_ThrowsNotFound()
    {
        var os = await CreateSubjectAsync();
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.BindAsync("/t/missing", "/u"));
    }

    [TestMethod]
    public async Task Mount_DeepPath_MakesSyntheticParents()
    {
        var os = new VirtualOS();
        Assert.AreEqual(0, (await os.NamesAsync("/")).Count, "an empty namespace still has a listable /");
        await os.MountAsync("/a/b/c", await CreateProviderAsync(NextLabel("p"), ("/f", "f")));
        CollectionAssert.AreEqual(new[] { "a/" }, await os.NamesAsync("/"));
        CollectionAssert.AreEqual(new[] { "c/" }, await os.NamesAsync("/a/b"));
        Assert.IsTrue((await os.StatAsync("/a")).IsDirectory);
        Assert.AreEqual("f", await os.ReadAllTextAsync("/a/b/c/f"));
        await Ns.ThrowsNsAsync(NsErrorKind.Busy, () => os.DeleteAsync("/a"));
        await Ns.ThrowsNsAsync(NsErrorKind.Busy, () => os.DeleteAsync("/a/b/c", recursive: true));
    }

    [TestMethod]
    public async Task Mount_PointInsideUnion_ShowsInListingOverElementEntry()
    {
        var os = new VirtualOS();
        await os.MountAsync("/", await CreateProviderAsync(NextLabel("root"), ("/m/hidden", "h"), ("/z", "z")));
        await os.MountAsync("/m", await CreateProviderAsync(NextLabel("inner"), ("/shown", "s")));
        await os.MountAsync("/new", await CreateProviderAsync(NextLabel("n")));
        CollectionAssert.AreEqual(new[] { "m/", "new/", "z" }, await os.NamesAsync("/"));
        CollectionAssert.AreEqual(new[] { "shown" }, await os.NamesAsync("/m"));
    }

    [TestMethod]
    public async Task Unmount_NewOld_DropsFirstMatchingElement()
    {
        var os = new VirtualOS();
        await os.MountAsync("/a", await CreateProviderAsync(NextLabel("a"), ("/fa", "a")));
        await os.MountAsync("/b", await CreateProviderAsync(NextLabel("b"), ("/fb", "b")));
        await os.BindAsync("/a", "/u");
        await os.BindAsync("/b", "/u", BindOptions.After);
        CollectionAssert.AreEqual(new[] { "fa", "fb" }, await os.NamesAsync("/u"));
        await os.UnmountAsync("/a", "/u");
        CollectionAssert.AreEqual(new[] { "fb" }, await os.NamesAsync("/u"));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.UnmountAsync("/a", "/u"));
        await os.UnmountAsync("/u");
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.NamesAsync("/u"));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => os.UnmountAsync("/u"));
    }

    [TestMethod]
    public async Task Rename_AcrossProviders_ThrowsCrossDevice()
    {
        var os = new VirtualOS();
        await os.MountAsync("/a", await CreateProviderAsync(NextLabel("a"), ("/f", "f")));
        await os.MountAsync("/b", CreateProvider(NextLabel("b")));
        var e = await Ns.ThrowsNsAsync(NsErrorKind.CrossDevice, () => os.RenameAsync("/a/f", "/b/f"));
        StringAssert.Contains(e.Message, "cross-device");
        await os.CopyAsync("/a/f", "/b/f");
        Assert.AreEqual("f", await os.ReadAllTextAsync("/b/f"));
    }

    [TestMethod]
    public async Task Ns_Replayed_RebuildsSameNamespace()
    {
        var os = new VirtualOS(new CacheLayer());
        var root = await CreateProviderAsync(NextLabel("root"), ("/u/own", "own"), ("/lib/x", "x"));
        var cache = new MemoryFileSystem(NextLabel("cache o'brien"));
        var extra = await CreateProviderAsync(NextLabel("extra"), ("/sub/deep/y", "y"));
        await os.MountAsync("/", root);
        await os.BindAsync("/lib", "/u", BindOptions.After);
        await os.MountAsync("/web", extra, new BindOptions(BindPosition.Replace, Create: true));
        await os.MountAsync("/web", cache, new BindOptions(BindPosition.Before, Cache: true, Options: [new("ttl", "10m"), new("stale", "serve")]));
        await os.BindAsync("/web/sub/deep", "/d", BindOptions.Before);
        await os.MountAsync("/odd name", extra);
        var script = os.Ns();

        var replayed = new VirtualOS(new CacheLayer());
        foreach (var command in os.NsCommands())
        {
            var provider = os.FindProvider(new MountSource(command.Type, command.Source))!;
            await replayed.MountAsync(command.Old.Value, provider, command.Options, command.Spec.IsRoot ? null : command.Spec.Value);
        }
        Assert.AreEqual(script, replayed.Ns());
        foreach (var dir in new[] { "/", "/u", "/web", "/d", "/odd name" })
            CollectionAssert.AreEqual(await os.NamesAsync(dir), await replayed.NamesAsync(dir), dir);
        StringAssert.Contains(script, "mount -C -o 'ttl=10m,stale=serve' -t mem 'cache");
        StringAssert.Contains(script, "mount -a -t " + root.Source.Type + " " + RcQuote.Quote(root.Source.Source) + " /u /lib\n");
        StringAssert.Contains(script, "o''brien");
        StringAssert.Contains(script, "'/odd name'");
    }

    [TestMethod]
    public async Task Ns_TextRoundTrip_ParsesBackToSameCommands()
    {
        var os = new VirtualOS();
        await os.MountAsync("/", await CreateProviderAsync(NextLabel("it's"), ("/a b/c", "c")));
        await os.BindAsync("/a b", "/x", new BindOptions(BindPosition.After, Create: true));
        var lines = os.Ns().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(os.NsCommands().Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var words = RcWords.Split(lines[i]);
            var command = os.NsCommands()[i];
            Assert.AreEqual("mount", words[0]);
            CollectionAssert.Contains(words, command.Source, lines[i]);
            CollectionAssert.Contains(words, command.Old.Value, lines[i]);
        }
    }

    [TestMethod]
    public async Task Fork_ChangesInCopy_DoNotTouchOriginal()
    {
        var os = await CreateSubjectAsync();
        await os.WriteAllTextAsync("/t/f", "shared data");
        var fork = os.Fork();
        await fork.MountAsync("/private", CreateProvider(NextLabel("p")));
        await fork.UnmountAsync("/t");
        await fork.ChangeDirectoryAsync("/private");
        Assert.IsTrue(await os.ExistsAsync("/t/f"));
        Assert.IsFalse(await os.ExistsAsync("/private"));
        Assert.AreEqual("/", os.CurrentDirectory.Value);
        Assert.IsFalse(await fork.ExistsAsync("/t/f"));
        await os.MountAsync("/later", CreateProvider(NextLabel("l")));
        Assert.IsFalse(await fork.ExistsAsync("/later"));
    }

    [TestMethod]
    public async Task NewSession_SharesNamespace_OwnCurrentDirectory()
    {
        var os = await CreateSubjectAsync();
        var other = os.NewSession();
        await other.ChangeDirectoryAsync("/t");
        await os.MountAsync("/added", CreateProvider(NextLabel("n")));
        Assert.IsTrue(await other.ExistsAsync("/added"));
        Assert.AreEqual("/", os.CurrentDirectory.Value);
    }

    [TestMethod]
    public async Task Concurrency_RebindWhileReading_NeverSeesTornTable()
    {
        var os = new VirtualOS();
        var one = new[] { await CreateProviderAsync(NextLabel("one-a"), ("/one-a", "1")), await CreateProviderAsync(NextLabel("one-b"), ("/one-b", "1")) };
        var two = new[] { await CreateProviderAsync(NextLabel("two-a"), ("/two-a", "2")), await CreateProviderAsync(NextLabel("two-b"), ("/two-b", "2")) };
        await os.MountAsync("/one", one[0]);
        await os.MountAsync("/one", one[1], BindOptions.After);
        await os.MountAsync("/two", two[0]);
        await os.MountAsync("/two", two[1], BindOptions.After);
        await os.BindAsync("/one", "/u");
        var scratch = CreateProvider(NextLabel("scratch"));
        await os.MountAsync("/w", scratch);

        using var stop = new CancellationTokenSource();
        var rebinder = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++) await os.BindAsync(i % 2 == 0 ? "/two" : "/one", "/u");
        });
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            var session = os.NewSession();
            var reads = 0;
            while (!rebinder.IsCompleted || reads < 20)
            {
                var names = await session.NamesAsync("/u");
                Assert.IsTrue(names.SequenceEqual(["one-a", "one-b"]) || names.SequenceEqual(["two-a", "two-b"]), string.Join(",", names));
                await session.WriteAllTextAsync($"/w/r{r}", reads.ToString());
                Assert.AreEqual(reads.ToString(), await session.ReadAllTextAsync($"/w/r{r}"));
                reads++;
            }
        })).ToArray();
        await Task.WhenAll([rebinder, .. readers]);
        CollectionAssert.AreEqual(new[] { "one-a", "one-b" }, await os.NamesAsync("/u"));
    }
}
