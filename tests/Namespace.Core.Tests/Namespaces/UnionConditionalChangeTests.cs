using System.Text;
using Namespace.Core.Errors;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Core.Tests.Namespaces;

/// <summary>A union's conditional changes go to the element its plain write or remove would go to.</summary>
[TestClass]
public sealed class UnionConditionalChangeTests
{
    private static readonly VPath F = VPath.Parse("/f");

    [TestMethod]
    public async Task OpenWriteIf_FileOnlyInALaterElement_WritesItThereAsAPlainWriteWould()
    {
        var front = new MemoryFileSystem("front");
        var behind = Files("behind", ("/f", "base"));
        var union = Union(Element(front, create: true), Element(behind));
        await WriteIfAsync(union, "/f", await ValidatorAsync(behind, "/f"), "mine");
        Assert.AreEqual("mine", await ReadAsync(behind, "/f"));
        Assert.IsNull(await front.StatAsync(F), "no copy-up into the create element");
    }

    [TestMethod]
    public async Task OpenWriteIf_NothingExpected_CreatesInTheCreateElementWithTheParentMadeThere()
    {
        var front = Files("front", ("/d/x", "x"));
        var creates = new MemoryFileSystem("creates");
        var union = Union(Element(front), Element(creates, create: true));
        await WriteIfAsync(union, "/d/new", null, "new");
        Assert.AreEqual("new", await ReadAsync(creates, "/d/new"));
        Assert.IsNull(await front.StatAsync(VPath.Parse("/d/new")));
    }

    [TestMethod]
    public async Task OpenWriteIf_NothingExpectedAndNoCreateElement_ThrowsNoCreateElement()
    {
        var union = Union(Element(new MemoryFileSystem("a")), Element(new MemoryFileSystem("b")));
        await Ns.ThrowsNsAsync(NsErrorKind.NoCreateElement, () => WriteIfAsync(union, "/new", null, "x"));
    }

    [TestMethod]
    public async Task DeleteIf_NameInTwoElements_ActsOnTheFirstOnly()
    {
        var front = Files("front", ("/f", "front's"));
        // memfs counts versions per instance: one file before makes this /f's ETag differ from front's.
        var behind = Files("behind", ("/x", "x"), ("/f", "behind's version"));
        var union = Union(Element(front, create: true), Element(behind));
        var hidden = await ValidatorAsync(behind, "/f");
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => union.DeleteIfAsync(F, hidden).AsTask());
        await union.DeleteIfAsync(F, await ValidatorAsync(front, "/f"));
        Assert.IsNull(await front.StatAsync(F));
        Assert.AreEqual("behind's version", await ReadAsync(union, "/f"), "removing the first reveals the next, as a plain remove does");
    }

    [TestMethod]
    public async Task ConditionalChanges_ReadOnlyElement_ThrowReadOnlyAndChangeNothing()
    {
        var data = Files("data", ("/f", "kept"));
        var union = Union(new UnionElement(data, VPath.Root, Create: true, Cache: false, [new(UnionElement.ReadOnlyOption, "")]));
        var seen = await ValidatorAsync(data, "/f");
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => WriteIfAsync(union, "/f", seen, "overwritten"));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => union.DeleteIfAsync(F, seen).AsTask());
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => WriteIfAsync(union, "/new", null, "x"));
        Assert.AreEqual("kept", await ReadAsync(data, "/f"));
    }

    [TestMethod]
    public async Task ConditionalChanges_ElementThatOffersThem_AreItsOwnNotAPlainChange()
    {
        var inner = Files("inner", ("/f", "base"), ("/g", "g"));
        var recorder = new Recorder(inner);
        var union = Union(Element(recorder, create: true));
        await WriteIfAsync(union, "/f", await ValidatorAsync(inner, "/f"), "mine");
        await WriteIfAsync(union, "/new", null, "new");
        await union.DeleteIfAsync(VPath.Parse("/g"), await ValidatorAsync(inner, "/g"));
        Assert.AreEqual("OpenWriteIf /f, OpenWriteIf /new, DeleteIf /g", string.Join(", ", recorder.Calls));
    }

    [TestMethod]
    public async Task ConditionalChanges_ElementBoundFromASubdirectory_ErrorsNameTheUnionsPath()
    {
        foreach (var provider in new IFileProvider[] { Files("own", ("/sub/f", "base")), new PlainProvider(Files("plain", ("/sub/f", "base"))) })
        {
            var union = Union(new UnionElement(provider, VPath.Parse("/sub"), Create: true, Cache: false, []));
            var stale = new CacheValidator("\"stale\"", null);
            var write = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => WriteIfAsync(union, "/f", stale, "x"));
            Assert.AreEqual("/f: changed by someone else", write.Message, provider.Source.ToString());
            var remove = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => union.DeleteIfAsync(F, stale).AsTask());
            Assert.AreEqual("/f: changed by someone else", remove.Message, provider.Source.ToString());
            Assert.AreEqual("base", await ReadAsync(provider, "/sub/f"));
        }
    }

    private static UnionProvider Union(params UnionElement[] elements) => new(elements);

    private static UnionElement Element(IFileProvider provider, bool create = false) => new(provider, VPath.Root, create, Cache: false, []);

    private static MemoryFileSystem Files(string label, params (string Path, string Text)[] files) =>
        MemoryFileSystem.FromFiles(label, files.Select(f => KeyValuePair.Create(f.Path, f.Text)));

    private static async Task<CacheValidator> ValidatorAsync(IFileProvider provider, string path)
    {
        var entry = (await provider.StatAsync(VPath.Parse(path)))!;
        return new CacheValidator(entry.ETag, entry.ModifiedUtc);
    }

    private static async Task WriteIfAsync(IConditionalChange cc, string path, CacheValidator? expected, string text)
    {
        await using var stream = await cc.OpenWriteIfAsync(VPath.Parse(path), expected);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    private static async Task<string> ReadAsync(IFileProvider provider, string path)
    {
        await using var stream = await provider.OpenReadAsync(VPath.Parse(path));
        return await new StreamReader(stream).ReadToEndAsync();
    }

    // Records which conditional changes reached it; a plain write or remove would fail the test.
    private sealed class Recorder(MemoryFileSystem inner) : IFileProvider, IConditionalChange
    {
        public List<string> Calls { get; } = [];

        public ProviderCapabilities Capabilities => inner.Capabilities;
        public MountSource Source => inner.Source;

        public ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default) => inner.StatAsync(path, cancellationToken);
        public IAsyncEnumerable<NsEntry> ListAsync(VPath path, CancellationToken cancellationToken = default) => inner.ListAsync(path, cancellationToken);
        public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default) => inner.OpenReadAsync(path, cancellationToken);
        public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default) => throw new AssertFailedException("a plain write");
        public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => inner.CreateDirectoryAsync(path, cancellationToken);
        public ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default) => throw new AssertFailedException("a plain remove");
        public ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default) => inner.MoveAsync(from, to, cancellationToken);
        public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange) => inner.Subscribe(path, onChange);

        public ValueTask<NsWriteStream> OpenWriteIfAsync(VPath path, CacheValidator? expected, CancellationToken cancellationToken = default)
        {
            Calls.Add($"OpenWriteIf {path}");
            return inner.OpenWriteIfAsync(path, expected, cancellationToken);
        }

        public ValueTask DeleteIfAsync(VPath path, CacheValidator expected, CancellationToken cancellationToken = default)
        {
            Calls.Add($"DeleteIf {path}");
            return inner.DeleteIfAsync(path, expected, cancellationToken);
        }
    }
}
