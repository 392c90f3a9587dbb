using Namespace.Core.Caching;
using Namespace.Core.Memory;
using Namespace.Testing;

namespace Namespace.Core.Tests.Contract;

[TestClass]
public sealed class MemoryFileSystemCacheStoreContractTests : CacheStoreContractTests
{
    protected override Task<ICacheStore> CreateStoreAsync() => Task.FromResult<ICacheStore>(new MemoryFileSystem("cache"));
}
