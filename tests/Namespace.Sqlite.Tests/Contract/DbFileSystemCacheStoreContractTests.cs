using Namespace.Caching;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests.Contract;

/// <summary>Fresh dbfs stores on real files in a temp directory, closed and removed with it.</summary>
internal sealed class DbStores : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<DbFileSystem> _stores = [];

    // Small chunks, so the fills in the suites cross chunk boundaries on a real file.
    public async Task<ICacheStore> CreateAsync()
    {
        var store = (await DbFileSystem.OpenAsync(_dir.Combine($"cache{_stores.Count}.db"), new DbOpenOptions { ChunkSize = 4096 })).FileSystem;
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _stores) await s.DisposeAsync();
        _dir.Dispose();
    }
}

[TestClass]
public sealed class DbFileSystemCacheIndexContractTests : CacheIndexContractTests
{
    private readonly DbStores _stores = new();

    protected override Task<ICacheStore> CreateStoreAsync() => _stores.CreateAsync();

    [TestCleanup]
    public ValueTask Cleanup() => _stores.DisposeAsync();
}

[TestClass]
public sealed class DbFileSystemCacheContentContractTests : CacheContentContractTests
{
    private readonly DbStores _stores = new();

    protected override Task<ICacheStore> CreateStoreAsync() => _stores.CreateAsync();

    [TestCleanup]
    public ValueTask Cleanup() => _stores.DisposeAsync();
}

[TestClass]
public sealed class DbFileSystemCacheStoreContractTests : CacheStoreBesideFilesContractTests
{
    private readonly DbStores _stores = new();

    protected override Task<ICacheStore> CreateStoreAsync() => _stores.CreateAsync();

    [TestCleanup]
    public ValueTask Cleanup() => _stores.DisposeAsync();
}

[TestClass]
public sealed class DbFileSystemCacheJournalContractTests : CacheJournalContractTests
{
    private readonly DbStores _stores = new();

    protected override Task<ICacheStore> CreateStoreAsync() => _stores.CreateAsync();

    [TestCleanup]
    public ValueTask Cleanup() => _stores.DisposeAsync();
}
