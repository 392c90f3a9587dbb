using Namespace.Testing;

namespace Namespace.Caching.Tests;

[TestClass]
public sealed class MemoryCacheIndexContractTests : CacheIndexContractTests
{
    protected override Task<ICacheStore> CreateStoreAsync() => Task.FromResult<ICacheStore>(new MemoryCacheStore());
}

[TestClass]
public sealed class MemoryCacheContentContractTests : CacheContentContractTests
{
    // Small blocks, so the ranged tests hold many of them.
    protected override Task<ICacheStore> CreateStoreAsync() => Task.FromResult<ICacheStore>(new MemoryCacheStore(blockSize: 4096));
}

[TestClass]
public sealed class MemoryCacheJournalContractTests : CacheJournalContractTests
{
    protected override Task<ICacheStore> CreateStoreAsync() => Task.FromResult<ICacheStore>(new MemoryCacheStore());
}
