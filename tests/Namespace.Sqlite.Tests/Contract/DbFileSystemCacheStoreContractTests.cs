using Namespace.Caching;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests.Contract;

[TestClass]
public sealed class DbFileSystemCacheStoreContractTests : CacheStoreBesideFilesContractTests
{
    private readonly TempDirectory _dir = new();
    private readonly List<DbFileSystem> _stores = [];

    // Small chunks, so the fills in the suite cross chunk boundaries on a real file.
    protected override async Task<ICacheStore> CreateStoreAsync()
    {
        var store = (await DbFileSystem.OpenAsync(_dir.Combine($"cache{_stores.Count}.db"), new DbOpenOptions { ChunkSize = 4096 })).FileSystem;
        _stores.Add(store);
        return store;
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        foreach (var s in _stores) await s.DisposeAsync();
        _dir.Dispose();
    }
}
