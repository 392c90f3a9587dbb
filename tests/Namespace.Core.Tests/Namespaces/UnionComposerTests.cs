using Namespace.Core.Errors;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Testing;

namespace Namespace.Core.Tests.Namespaces;

[TestClass]
public sealed class UnionComposerTests
{
    [TestMethod]
    public async Task Mount_CacheElementInANamespaceWithoutCacheLayer_IsRefusedAndChangesNothing()
    {
        var os = new VirtualOS();
        await os.MountAsync("/web", MemoryFileSystem.FromFiles("origin", new Dictionary<string, string> { ["/a"] = "a" }));
        var error = await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument,
            () => os.MountAsync("/web", new MemoryFileSystem("cache"), new BindOptions(BindPosition.Before, Cache: true)));
        StringAssert.Contains(error.Message, "no cache layer");
        Assert.AreEqual("mount -t mem origin /web\n", os.Ns());
    }

    [TestMethod]
    public async Task Composer_IsToldOfEveryPublishedTable_AndItsForksAndSessionsKeepIt()
    {
        var composer = new RecordingComposer();
        var os = new VirtualOS(composer);
        await os.MountAsync("/a", new MemoryFileSystem("a"));
        Assert.AreEqual("/a", composer.Last);
        var fork = os.Fork();
        Assert.AreEqual("/a", composer.Last, "a fork publishes the table it starts with");
        await fork.MountAsync("/b", new MemoryFileSystem("b"));
        Assert.AreEqual("/a /b", composer.Last);
        await os.NewSession().UnmountAsync("/a");
        Assert.AreEqual("", composer.Last);
        Assert.AreEqual(4, composer.Published);
    }

    [TestMethod]
    public async Task Composer_RefusingAMount_LeavesTheNamespaceAsItWas()
    {
        var composer = new RecordingComposer { Refuse = "/no" };
        var os = new VirtualOS(composer);
        await os.MountAsync("/a", new MemoryFileSystem("a"));
        await Ns.ThrowsNsAsync(NsErrorKind.InvalidArgument, () => os.MountAsync("/no", new MemoryFileSystem("no")));
        Assert.AreEqual("mount -t mem a /a\n", os.Ns());
        Assert.AreEqual(1, composer.Published, "a refused table is never published");
    }

    private sealed class RecordingComposer : IUnionComposer
    {
        public string? Refuse { get; init; }

        public string Last { get; private set; } = "";

        public int Published { get; private set; }

        public UnionElement[] Compose(VPath mountPath, UnionElement[] elements) => elements;

        public ValueTask CheckAsync(IReadOnlyCollection<MountPoint> mounts, MountPoint changed, CancellationToken cancellationToken) =>
            changed.Path.Value == Refuse ? throw NsErrors.InvalidArgument(changed.Path, "refused") : ValueTask.CompletedTask;

        void IUnionComposer.Published(IReadOnlyCollection<MountPoint> before, IReadOnlyCollection<MountPoint> after)
        {
            Published++;
            Last = string.Join(" ", after.Select(m => m.Path.Value));
        }
    }
}
