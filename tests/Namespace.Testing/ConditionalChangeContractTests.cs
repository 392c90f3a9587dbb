using System.Text;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>
/// What every <see cref="IConditionalChange"/> must do, asked of the provider directly (it is a provider contract: the
/// write-back uploader calls it on an origin). A provider's test class derives from this and says how to make a fresh,
/// empty, writable instance. Texts of different lengths stand for different versions, so a provider whose ETag is size
/// and modification time (localfs) tells them apart however coarse its clock.
/// </summary>
public abstract class ConditionalChangeContractTests
{
    /// <summary>A fresh, empty, writable provider of the kind under test, offering <see cref="IConditionalChange"/>.</summary>
    protected abstract IFileProvider CreateProvider();

    /// <summary>Someone else replaces the file meanwhile; by default through the provider's own plain write.</summary>
    protected virtual async Task ChangeElsewhereAsync(IFileProvider provider, VPath path, string text)
    {
        await using var stream = await provider.OpenWriteAsync(path, WriteMode.Replace);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    // ---- writes ----

    [TestMethod]
    public async Task OpenWriteIf_CurrentETag_Commits()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"));
        var seen = await StatFileAsync(provider, "/f");
        await WriteIfAsync(cc, "/f", ETagOf(seen), "mine, newer");
        Assert.AreEqual("mine, newer", await ReadAsync(provider, "/f"));
        Assert.AreNotEqual(seen.ETag, (await StatFileAsync(provider, "/f")).ETag);
    }

    [TestMethod]
    public async Task OpenWriteIf_StaleETag_ConflictAndTheirVersionIntact()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"));
        var seen = await StatFileAsync(provider, "/f");
        await ChangeElsewhereAsync(provider, Path("/f"), "someone else's");
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => WriteIfAsync(cc, "/f", ETagOf(seen), "mine, stale"));
        Assert.AreEqual("someone else's", await ReadAsync(provider, "/f"));
        await AssertOnlyNamesAsync(provider, "/", "f");
    }

    [TestMethod]
    public async Task OpenWriteIf_NothingExpectedButFileThere_ConflictAndFileIntact()
    {
        var (provider, cc) = await SubjectAsync(("/f", "theirs"));
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => WriteIfAsync(cc, "/f", null, "mine, new"));
        StringAssert.StartsWith(e.Message, "/f: ");
        Assert.AreEqual("theirs", await ReadAsync(provider, "/f"));
    }

    [TestMethod]
    public async Task OpenWriteIf_NothingExpectedAndNothingThere_Creates()
    {
        var (provider, cc) = await SubjectAsync(("/d/other", "x"));
        await WriteIfAsync(cc, "/d/new", null, "created");
        Assert.AreEqual("created", await ReadAsync(provider, "/d/new"));
    }

    [TestMethod]
    public async Task OpenWriteIf_ExpectedFileRemovedMeanwhile_ConflictAndNothingCreated()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"), ("/keep", "k"));
        var seen = await StatFileAsync(provider, "/f");
        await provider.DeleteAsync(Path("/f"), recursive: false);
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => WriteIfAsync(cc, "/f", ETagOf(seen), "mine"));
        Assert.IsNull(await provider.StatAsync(Path("/f")));
    }

    [TestMethod]
    public async Task OpenWriteIf_ChangedBetweenOpenAndCommit_ConflictAtCommitAndTheirVersionIntact()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"));
        var seen = await StatFileAsync(provider, "/f");
        var stream = await cc.OpenWriteIfAsync(Path("/f"), ETagOf(seen));
        await stream.WriteAsync("mine, racing"u8.ToArray());
        await ChangeElsewhereAsync(provider, Path("/f"), "someone else's");
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => stream.DisposeAsync());
        Assert.AreEqual("someone else's", await ReadAsync(provider, "/f"));
        await AssertOnlyNamesAsync(provider, "/", "f");
    }

    [TestMethod]
    public async Task OpenWriteIf_NothingExpectedButCreatedBeforeCommit_ConflictAtCommitAndTheirFileIntact()
    {
        var (provider, cc) = await SubjectAsync();
        var stream = await cc.OpenWriteIfAsync(Path("/f"), null);
        await stream.WriteAsync("mine, racing"u8.ToArray());
        await ChangeElsewhereAsync(provider, Path("/f"), "someone else's");
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => stream.DisposeAsync());
        Assert.AreEqual("someone else's", await ReadAsync(provider, "/f"));
    }

    [TestMethod]
    public async Task OpenWriteIf_Aborted_CommitsNothing()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"));
        var seen = await StatFileAsync(provider, "/f");
        await using (var stream = await cc.OpenWriteIfAsync(Path("/f"), ETagOf(seen)))
        {
            await stream.WriteAsync("thrown away"u8.ToArray());
            stream.Abort();
        }
        Assert.AreEqual("base", await ReadAsync(provider, "/f"));
        Assert.AreEqual(seen.ETag, (await StatFileAsync(provider, "/f")).ETag);
    }

    [TestMethod]
    public async Task OpenWriteIf_ModifiedTimeOnly_CommitsWhenCurrentConflictsWhenNot()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"));
        var seen = await StatFileAsync(provider, "/f");
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => WriteIfAsync(cc, "/f", new CacheValidator(null, seen.ModifiedUtc.AddHours(-1)), "mine, stale"));
        Assert.AreEqual("base", await ReadAsync(provider, "/f"));
        await WriteIfAsync(cc, "/f", new CacheValidator(null, seen.ModifiedUtc), "mine, current");
        Assert.AreEqual("mine, current", await ReadAsync(provider, "/f"));
    }

    [TestMethod]
    public async Task OpenWriteIf_MissingParentOrOntoDirectory_NotFoundOrIsADirectory()
    {
        var (provider, cc) = await SubjectAsync(("/d/f", "x"));
        var missing = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => WriteIfAsync(cc, "/no/f", null, "x"));
        StringAssert.StartsWith(missing.Message, "/no: ");
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => WriteIfAsync(cc, "/d", null, "x"));
        Assert.IsTrue((await provider.StatAsync(Path("/d")))!.IsDirectory);
    }

    // ---- removes ----

    [TestMethod]
    public async Task DeleteIf_CurrentETag_Removes()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"), ("/keep", "k"));
        var seen = await StatFileAsync(provider, "/f");
        await cc.DeleteIfAsync(Path("/f"), ETagOf(seen));
        Assert.IsNull(await provider.StatAsync(Path("/f")));
        await AssertOnlyNamesAsync(provider, "/", "keep");
    }

    [TestMethod]
    public async Task DeleteIf_StaleETag_ConflictAndTheirVersionKept()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"));
        var seen = await StatFileAsync(provider, "/f");
        await ChangeElsewhereAsync(provider, Path("/f"), "someone else's");
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => cc.DeleteIfAsync(Path("/f"), ETagOf(seen)));
        StringAssert.StartsWith(e.Message, "/f: ");
        Assert.AreEqual("someone else's", await ReadAsync(provider, "/f"));
    }

    [TestMethod]
    public async Task DeleteIf_Missing_ThrowsNotFound()
    {
        var (_, cc) = await SubjectAsync(("/keep", "k"));
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => cc.DeleteIfAsync(Path("/f"), new CacheValidator("\"any\"", null)));
        Assert.AreEqual("/f: file not found", e.Message);
    }

    [TestMethod]
    public async Task DeleteIf_ModifiedTimeOnly_RemovesWhenCurrentConflictsWhenNot()
    {
        var (provider, cc) = await SubjectAsync(("/f", "base"));
        var seen = await StatFileAsync(provider, "/f");
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => cc.DeleteIfAsync(Path("/f"), new CacheValidator(null, seen.ModifiedUtc.AddHours(-1))));
        Assert.AreEqual("base", await ReadAsync(provider, "/f"));
        await cc.DeleteIfAsync(Path("/f"), new CacheValidator(null, seen.ModifiedUtc));
        Assert.IsNull(await provider.StatAsync(Path("/f")));
    }

    [TestMethod]
    public async Task DeleteIf_Directory_ThrowsIsADirectoryAndKeepsIt()
    {
        var (provider, cc) = await SubjectAsync(("/d/f", "x"));
        var dir = (await provider.StatAsync(Path("/d")))!;
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => cc.DeleteIfAsync(Path("/d"), new CacheValidator(dir.ETag ?? "\"any\"", null)));
        Assert.AreEqual("x", await ReadAsync(provider, "/d/f"));
    }

    // ---- helpers ----

    private async Task<(IFileProvider Provider, IConditionalChange Conditional)> SubjectAsync(params (string Path, string Text)[] files)
    {
        var provider = CreateProvider();
        foreach (var (path, text) in files)
        {
            var p = Path(path);
            var dir = VPath.Root;
            foreach (var segment in p.Parent.Segments)
            {
                dir = dir.Child(segment);
                if (await provider.StatAsync(dir) is null) await provider.CreateDirectoryAsync(dir);
            }
            await using var stream = await provider.OpenWriteAsync(p, WriteMode.Replace);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        }
        Assert.IsInstanceOfType<IConditionalChange>(provider, $"{provider.Source} offers conditional changes");
        return (provider, (IConditionalChange)provider);
    }

    private static VPath Path(string path) => VPath.Parse(path);

    private static CacheValidator ETagOf(NsEntry entry)
    {
        Assert.IsNotNull(entry.ETag, $"{entry.Name} has an ETag");
        return new CacheValidator(entry.ETag, entry.ModifiedUtc);
    }

    private static async Task<NsEntry> StatFileAsync(IFileProvider provider, string path)
    {
        var entry = await provider.StatAsync(Path(path));
        Assert.IsNotNull(entry, path);
        Assert.AreEqual(EntryKind.File, entry.Kind, path);
        return entry;
    }

    private static async Task WriteIfAsync(IConditionalChange cc, string path, CacheValidator? expected, string text)
    {
        await using var stream = await cc.OpenWriteIfAsync(Path(path), expected);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    private static async Task<string> ReadAsync(IFileProvider provider, string path)
    {
        await using var stream = await provider.OpenReadAsync(Path(path));
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static async Task AssertOnlyNamesAsync(IFileProvider provider, string directory, params string[] names)
    {
        var listed = new List<string>();
        await foreach (var entry in provider.ListAsync(Path(directory))) listed.Add(entry.Name);
        CollectionAssert.AreEqual(names, listed, "nothing else is left behind");
    }
}
