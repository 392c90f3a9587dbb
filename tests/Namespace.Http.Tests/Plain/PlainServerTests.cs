using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Client;
using Namespace.Testing;

namespace Namespace.Http.Tests.Plain;

/// <summary>httpfs against real plain web servers: read-only, listings parsed from their index pages.</summary>
[TestClass]
public sealed class PlainServerTests
{
    private static readonly byte[] Big = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31 + 7)).ToArray();

    private static TempDirectory MakeTree()
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("hello.txt"), "hello, world");
        File.WriteAllText(dir.Combine("a b&c.txt"), "odd name");
        Directory.CreateDirectory(dir.Combine("sub"));
        File.WriteAllText(dir.Combine("sub", "deep.txt"), "deep");
        Directory.CreateDirectory(dir.Combine("emptydir"));
        File.WriteAllBytes(dir.Combine("big.bin"), Big);
        return dir;
    }

    private static async Task<List<NsEntry>> ListAsync(IFileProvider fs, string path)
    {
        var list = new List<NsEntry>();
        await foreach (var e in fs.ListAsync(VPath.Parse(path))) list.Add(e);
        return list;
    }

    [TestMethod]
    [DataRow("nginx-html")]
    [DataRow("nginx-json")]
    [DataRow("python")]
    [DataRow("rclone")]
    public async Task Listing_Root_NamesKindsAndExactSizes(string kind)
    {
        using var dir = MakeTree();
        await using var peer = await PlainPeer.StartAsync(kind, dir.Path);
        using var fs = await HttpFileSystem.ConnectAsync(peer.Url);
        var entries = await ListAsync(fs, "/");
        CollectionAssert.AreEqual(new[] { "a b&c.txt", "big.bin", "emptydir/", "hello.txt", "sub/" },
            entries.Select(e => e.IsDirectory ? e.Name + "/" : e.Name).ToArray(), kind);
        var hello = entries.Single(e => e.Name == "hello.txt");
        Assert.AreEqual(12, hello.Size);
        Assert.AreEqual(Big.Length, entries.Single(e => e.Name == "big.bin").Size);
        var actual = File.GetLastWriteTimeUtc(dir.Combine("hello.txt"));
        Assert.IsTrue(Math.Abs((hello.ModifiedUtc.UtcDateTime - actual).TotalSeconds) < 61, $"{hello.ModifiedUtc} vs {actual}");
        Assert.AreEqual(0, (await ListAsync(fs, "/emptydir")).Count, "an empty directory is empty, not missing");
        CollectionAssert.AreEqual(new[] { "deep.txt" }, (await ListAsync(fs, "/sub")).Select(e => e.Name).ToArray());
    }

    [TestMethod]
    [DataRow("nginx-html")]
    [DataRow("nginx-json")]
    [DataRow("python")]
    [DataRow("rclone")]
    public async Task Stat_FileDirectoryMissing(string kind)
    {
        using var dir = MakeTree();
        await using var peer = await PlainPeer.StartAsync(kind, dir.Path);
        using var fs = await HttpFileSystem.ConnectAsync(peer.Url);
        Assert.AreEqual(HttpOriginKind.Plain, fs.Kind);
        var file = await fs.StatAsync(VPath.Parse("/hello.txt"));
        Assert.IsNotNull(file);
        Assert.AreEqual(EntryKind.File, file.Kind);
        Assert.AreEqual(12, file.Size);
        Assert.IsTrue((await fs.StatAsync(VPath.Parse("/sub")))!.IsDirectory, "a directory named without its slash");
        Assert.IsTrue((await fs.StatAsync(VPath.Root))!.IsDirectory);
        Assert.IsNull(await fs.StatAsync(VPath.Parse("/missing")));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => ListAsync(fs, "/missing"));
        await Ns.ThrowsNsAsync(NsErrorKind.NotADirectory, () => ListAsync(fs, "/hello.txt"));
    }

    [TestMethod]
    [DataRow("nginx-html")]
    [DataRow("nginx-json")]
    [DataRow("python")]
    [DataRow("rclone")]
    public async Task Read_FullAndRanged(string kind)
    {
        using var dir = MakeTree();
        await using var peer = await PlainPeer.StartAsync(kind, dir.Path);
        using var fs = await HttpFileSystem.ConnectAsync(peer.Url);
        await using (var s = await fs.OpenReadAsync(VPath.Parse("/a b&c.txt")))
            Assert.AreEqual("odd name", await new StreamReader(s).ReadToEndAsync());
        await using (var s = await fs.OpenReadAsync(VPath.Parse("/big.bin")))
        {
            var buffer = new byte[1000];
            s.Seek(150_000, SeekOrigin.Begin);
            await s.ReadExactlyAsync(buffer);
            CollectionAssert.AreEqual(Big[150_000..151_000], buffer);
            s.Seek(-10, SeekOrigin.End);
            var tail = new byte[10];
            await s.ReadExactlyAsync(tail);
            CollectionAssert.AreEqual(Big[^10..], tail);
            s.Position = 5;
            await s.ReadExactlyAsync(tail);
            CollectionAssert.AreEqual(Big[5..15], tail);
        }
        await Ns.ThrowsNsAsync(NsErrorKind.IsADirectory, () => fs.OpenReadAsync(VPath.Parse("/sub")));
        await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => fs.OpenReadAsync(VPath.Parse("/missing")));
    }

    [TestMethod]
    [DataRow("nginx-html")]
    [DataRow("python")]
    [DataRow("rclone")]
    public async Task Write_ClearReadOnlyErrorAndNothingChanged(string kind)
    {
        using var dir = MakeTree();
        await using var peer = await PlainPeer.StartAsync(kind, dir.Path);
        using var fs = await HttpFileSystem.ConnectAsync(peer.Url);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => fs.OpenWriteAsync(VPath.Parse("/hello.txt"), WriteMode.Replace));
        Assert.AreEqual($"/hello.txt: read-only file system ({peer.Url} is a plain web server)", e.Message);
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => fs.DeleteAsync(VPath.Parse("/hello.txt"), false));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => fs.CreateDirectoryAsync(VPath.Parse("/d")));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => fs.MoveAsync(VPath.Parse("/hello.txt"), VPath.Parse("/x")));
        Assert.AreEqual("hello, world", File.ReadAllText(dir.Combine("hello.txt")));

        // Not told the kind and never asked: the server's own refusal is still a read-only error.
        using var blind = new HttpFileSystem(peer.Url, new HttpFileSystemOptions { Kind = HttpOriginKind.Origin });
        var refused = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => blind.CreateDirectoryAsync(VPath.Parse("/d")));
        StringAssert.Contains(refused.Message, peer.Url + "d: ");
    }

    [TestMethod]
    public async Task Mount_NginxThroughNamespace_ReadsAndWatchesByPolling()
    {
        using var dir = MakeTree();
        await using var peer = await PlainPeer.StartAsync("nginx-html", dir.Path);
        using var fs = await HttpFileSystem.ConnectAsync(peer.Url, new HttpFileSystemOptions { PollInterval = TimeSpan.FromMilliseconds(200) });
        var os = new VirtualOS();
        await os.MountAsync("/web", fs);
        Assert.AreEqual("deep", await os.ReadAllTextAsync("/web/sub/deep.txt"));
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => os.WriteAllTextAsync("/web/new", "x"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = os.Watch("/web/sub", cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();
        await fs.WatchLive.WaitAsync(TimeSpan.FromSeconds(20));
        File.WriteAllText(dir.Combine("sub", "fresh.txt"), "new");
        Assert.IsTrue(await next);
        Assert.AreEqual("/web/sub/fresh.txt", events.Current.Path.Value);
        Assert.AreEqual(ChangeKind.Created, events.Current.Kind);
    }

    [TestMethod]
    public async Task OpenReadIfChanged_ServerWithoutETags_AsksIfModifiedSince()
    {
        using var dir = MakeTree();
        await using var peer = await PlainPeer.StartAsync("python", dir.Path);
        using var fs = await HttpFileSystem.ConnectAsync(peer.Url);
        var entry = (await fs.StatAsync(VPath.Parse("/hello.txt")))!;
        Assert.IsNull(entry.ETag, "python's http.server gives no ETag, only Last-Modified");

        Assert.IsNull(await fs.OpenReadIfChangedAsync(VPath.Parse("/hello.txt"), new CacheValidator(null, entry.ModifiedUtc)), "304 Not Modified");
        var opened = await fs.OpenReadIfChangedAsync(VPath.Parse("/hello.txt"), new CacheValidator(null, entry.ModifiedUtc.AddHours(-1)));

        Assert.IsNotNull(opened);
        await using var content = opened.Value.Content;
        Assert.AreEqual("hello, world", await new StreamReader(content).ReadToEndAsync());
    }
}
