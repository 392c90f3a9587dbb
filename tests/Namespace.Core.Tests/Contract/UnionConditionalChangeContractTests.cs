using Namespace.Core.Local;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Core.Tests.Contract;

/// <summary>The conditional-change contract for a union (a cache element's origin) of localfs (-c) and memfs: each change goes to the element's own.</summary>
[TestClass]
public sealed class UnionConditionalChangeContractTests : ConditionalChangeContractTests
{
    private readonly List<TempDirectory> _dirs = [];

    protected override IFileProvider CreateProvider()
    {
        var dir = new TempDirectory();
        _dirs.Add(dir);
        return new UnionProvider(
        [
            new UnionElement(new LocalFileSystem(dir.Path), VPath.Root, Create: true, Cache: false, []),
            new UnionElement(new MemoryFileSystem("behind"), VPath.Root, Create: false, Cache: false, []),
        ]);
    }

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _dirs) d.Dispose();
    }
}
