using Namespace.Core.Memory;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Core.Tests.Contract;

[TestClass]
public sealed class MemoryFileSystemContractTests : NamespaceContractTests
{
    protected override IFileProvider CreateProvider(string label) => new MemoryFileSystem(label);
}
