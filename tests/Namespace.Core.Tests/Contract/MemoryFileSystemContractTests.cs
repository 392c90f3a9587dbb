using Namespace.Testing;
using Namespace.Core.Memory;
using Namespace.Core.Providers;

namespace Namespace.Core.Tests.Contract;

[TestClass]
public sealed class MemoryFileSystemContractTests : NamespaceContractTests
{
    protected override IFileProvider CreateProvider(string label) => new MemoryFileSystem(label);
}
