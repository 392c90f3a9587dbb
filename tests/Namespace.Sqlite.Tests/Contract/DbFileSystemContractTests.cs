using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests.Contract;

[TestClass]
public sealed class DbFileSystemContractTests : NamespaceContractTests
{
    private readonly TempDirectory _dir = new();
    private readonly List<DbFileSystem> _providers = [];

    // The suite's factory is synchronous; opening a database completes synchronously, so waiting here never blocks.
    protected override IFileProvider CreateProvider(string label)
    {
        var provider = DbFileSystem.OpenAsync(_dir.Combine(label + ".db")).AsTask().GetAwaiter().GetResult().FileSystem;
        _providers.Add(provider);
        return provider;
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        foreach (var p in _providers) await p.DisposeAsync();
        _dir.Dispose();
    }
}
