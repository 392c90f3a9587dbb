using Namespace.Core.Local;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Core.Tests.Contract;

[TestClass]
public sealed class LocalConditionalChangeContractTests : ConditionalChangeContractTests
{
    private readonly List<TempDirectory> _dirs = [];
    private readonly List<LocalFileSystem> _providers = [];

    protected override IFileProvider CreateProvider()
    {
        var dir = new TempDirectory();
        _dirs.Add(dir);
        var provider = new LocalFileSystem(dir.Path);
        _providers.Add(provider);
        return provider;
    }

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var p in _providers) p.Dispose();
        foreach (var d in _dirs) d.Dispose();
    }
}
