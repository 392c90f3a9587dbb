using Namespace.Testing;

namespace Namespace.Caching.Tests;

[TestClass]
public sealed class MemoryCacheStoreContractTests : CacheStoreContractTests
{
    protected override Task<ICacheStore> CreateStoreAsync() => Task.FromResult<ICacheStore>(new MemoryCacheStore());
}
