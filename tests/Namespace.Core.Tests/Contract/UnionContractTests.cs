using Namespace.Core.Local;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Core.Tests.Contract;

/// <summary>The contract suite with /t a 3-element union: memfs (-c), localfs, memfs.</summary>
[TestClass]
public sealed class UnionContractTests : NamespaceContractTests
{
    private readonly List<TempDirectory> _dirs = [];

    protected override IFileProvider CreateProvider(string label) => new MemoryFileSystem(label);

    protected override async Task<VirtualOS> CreateSubjectAsync()
    {
        var dir = new TempDirectory();
        _dirs.Add(dir);
        var os = new VirtualOS();
        await os.MountAsync("/t", new MemoryFileSystem(NextLabel("front")), new BindOptions(Create: true));
        await os.MountAsync("/t", new LocalFileSystem(dir.Path), BindOptions.After);
        await os.MountAsync("/t", new MemoryFileSystem(NextLabel("back")), BindOptions.After);
        Assert.AreEqual(3, os.Mounts.Single().Elements.Count);
        return os;
    }

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _dirs) d.Dispose();
    }
}
