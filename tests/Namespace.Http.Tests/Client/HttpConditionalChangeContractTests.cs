using Namespace.Core.Providers;
using Namespace.Http.Client;
using Namespace.Http.Server;
using Namespace.Testing;

namespace Namespace.Http.Tests.Client;

/// <summary>The conditional-change contract, for httpfs against our origin server over a fresh temp directory.</summary>
[TestClass]
public sealed class HttpConditionalChangeContractTests : ConditionalChangeContractTests
{
    private readonly List<(TempDirectory Dir, OriginServer Server, HttpFileSystem Fs)> _made = [];

    protected override IFileProvider CreateProvider()
    {
        var dir = new TempDirectory();
        var server = OriginServer.StartAsync(dir.Path).GetAwaiter().GetResult();
        var fs = new HttpFileSystem(server.Url, new HttpFileSystemOptions { Kind = HttpOriginKind.Origin });
        lock (_made) _made.Add((dir, server, fs));
        return fs;
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        foreach (var (dir, server, fs) in _made)
        {
            fs.Dispose();
            await server.DisposeAsync();
            dir.Dispose();
        }
    }
}
