using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Core.Tests.Namespaces;
using Namespace.Testing;

namespace Namespace.Core.Tests.Contract;

/// <summary>The conditional-change contract for a union whose elements offer no conditional change: the union looks just before each change.</summary>
[TestClass]
public sealed class UnionFallbackConditionalChangeContractTests : ConditionalChangeContractTests
{
    protected override IFileProvider CreateProvider() => new UnionProvider(
    [
        new UnionElement(new PlainProvider(new MemoryFileSystem("front")), VPath.Root, Create: true, Cache: false, []),
        new UnionElement(new PlainProvider(new MemoryFileSystem("behind")), VPath.Root, Create: false, Cache: false, []),
    ]);
}
