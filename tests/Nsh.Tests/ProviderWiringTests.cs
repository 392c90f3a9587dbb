using System.IO.Pipelines;
using System.Text;
using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Http.Server;
using Namespace.Nsh;
using Namespace.Shell.Execution;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>nsh offers every provider: dbfs files shared by two processes, and `nsh serve` mounted by another nsh over HTTP.</summary>
[TestClass]
public sealed class ProviderWiringTests
{
    private TempDirectory _dir = null!;

    [TestInitialize]
    public void Init() => _dir = new TempDirectory();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task MountDb_WrittenByOneProcess_ReadByAnother()
    {
        var write = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db cache.db /d; mkdir /d/sub; write /d/sub/f kept in sqlite");
        Assert.AreEqual(0, write.ExitCode, write.Stderr);
        var read = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db cache.db /d; cat /d/sub/f; ns");
        Assert.AreEqual($"kept in sqlite\nmount -t db {_dir.Combine("cache.db")} /d\n", read.Stdout);
    }

    [TestMethod]
    public async Task ACopyFetchedThroughACache_IsInTheCacheFileOnceNshHasExited()
    {
        Directory.CreateDirectory(_dir.Combine("origin"));
        File.WriteAllText(_dir.Combine("origin", "a.txt"), "fetched once\n");
        string mounts;
        await using (var server = await OriginServer.StartAsync(_dir.Combine("origin"), "127.0.0.1:0"))
        {
            mounts = $"mount -t http {server.Url} /web; mount -bC -o ttl=1h -t db cache.db /web";
            var first = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", $"{mounts}; cat /web/a.txt");
            Assert.AreEqual("fetched once\n", first.Stdout, first.Stderr);
        }

        // The origin is gone: only the copy the first nsh committed before it exited can answer.
        var second = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", $"{mounts}; cat /web/a.txt; status /web");
        Assert.AreEqual(0, second.ExitCode, second.Stderr);
        StringAssert.StartsWith(second.Stdout, "fetched once\n");
        StringAssert.Contains(second.Stdout, "hits=1 misses=1");
    }

    [TestMethod]
    public async Task MountDb_UnreadableFile_RefusedAndLeftAlone()
    {
        // Whether an unreadable file holds unsent changes cannot be known: nsh must not throw it away.
        var garbage = Enumerable.Repeat((byte)0x5a, 8192).ToArray();
        File.WriteAllBytes(_dir.Combine("bad.db"), garbage);
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db bad.db /d");
        StringAssert.StartsWith(result.Stderr, $"nsh: mount: {_dir.Combine("bad.db")}: database cannot be read at all");
        Assert.AreEqual(1, result.ExitCode);
        CollectionAssert.AreEqual(garbage, File.ReadAllBytes(_dir.Combine("bad.db")));
    }

    [TestMethod]
    public async Task Serve_ThenMountHttp_FromAnotherShell()
    {
        File.WriteAllText(_dir.Combine("hello.txt"), "served over http\n");
        var server = new ShellSession(new VirtualOS(new CacheLayer()), ServeBuiltin.WithStandard(), NshMountTypes.Create(), _dir.Path);
        var output = new Pipe();
        using var stop = new CancellationTokenSource();
        var serving = server.RunAsync("serve . 127.0.0.1:0", "test", new ShellIO(Stream.Null, output.Writer.AsStream(), Stream.Null), stop.Token);
        using var reader = new StreamReader(output.Reader.AsStream());
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        StringAssert.StartsWith(first, "serving ");
        var url = first![(first.LastIndexOf(" at ", StringComparison.Ordinal) + 4)..];

        var client = new ShellSession(new VirtualOS(new CacheLayer()), ServeBuiltin.WithStandard(), NshMountTypes.Create(), _dir.Path);
        var screen = new MemoryStream();
        await client.RunAsync($"mount -t http {url} /h; cat /h/hello.txt; write /h/new.txt from the client", "test", new ShellIO(Stream.Null, screen, screen));
        Assert.AreEqual("served over http\n", Encoding.UTF8.GetString(screen.ToArray()));
        Assert.AreEqual("from the client\n", File.ReadAllText(_dir.Combine("new.txt")));

        stop.Cancel();
        Assert.AreEqual("", await serving, "Ctrl+C ends serve normally");
    }

    [TestMethod]
    public async Task MountHttp_NotAUrl_SaysSo()
    {
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t http nonsense /h");
        Assert.AreEqual("nsh: mount: nonsense: invalid path: not an http or https URL\n", result.Stderr);
        Assert.AreEqual(1, result.ExitCode);
    }
}
