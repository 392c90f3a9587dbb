using Namespace.Core.Memory;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Core.Tests.Contract;

[TestClass]
public sealed class MemoryConditionalChangeContractTests : ConditionalChangeContractTests
{
    protected override IFileProvider CreateProvider() => new MemoryFileSystem("conditional");
}
