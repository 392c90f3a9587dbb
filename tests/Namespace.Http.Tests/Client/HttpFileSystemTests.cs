using System.Text;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Client;
using Namespace.Http.Server;
using Namespace.Testing;

namespace Namespace.Http.Tests.Client;

[TestClass]
public sealed class HttpFileSystemTests
{
    private OriginFixture _f = null!;
    private HttpFileSystem _fs = null!;

    private static VPath P(string path) => VPath.Parse(path);

    [TestInitialize]
    public async Task Init()
    {
        _f = await OriginFixture.StartAsync();
        _fs = new HttpFileSystem(_f.Url, new HttpFileSystemOptions { ReconnectDelay = TimeSpan.FromMilliseconds(50) });
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        _fs.Dispose();
        await _f.DisposeAsync();
    }

    private static async Task WriteAsync(IFileProvider fs, string path, string text, WriteMode mode = WriteMode.Replace)
    {
        await using var s = await fs.OpenWriteAsync(P(path), mode);
        await s.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    private static async Task<string> ReadAsync(IFileProvider fs, string path)
    {
        await using var s = await fs.OpenReadAsync(P(path));
        return await new StreamReader(s).ReadToEndAsync();
    }

    [TestMethod]
    public async Task Write_SomeoneWroteMeanwhile_ConflictAndTheirDataKept()
    {
        _f.WriteFile("f", "base");
        using var other = new HttpFileSystem(_f.Url);
        var mine = await _fs.OpenWriteAsync(P("/f"), WriteMode.Replace);
        await mine.WriteAsync("mine"u8.ToArray());
        await WriteAsync(other, "/f", "theirs, newer");
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => mine.DisposeAsync().AsTask());
        StringAssert.Contains(e.Message, "412 Precondition Failed");
        Assert.AreEqual("theirs, newer", _f.ReadFile("f"));
    }

    [TestMethod]
    public async Task Write_NewFileCreatedMeanwhile_Conflict()
    {
        var mine = await _fs.OpenWriteAsync(P("/new"), WriteMode.Replace);
        await mine.WriteAsync("mine"u8.ToArray());
        _f.WriteFile("new", "first");
        await Ns.ThrowsNsAsync(NsErrorKind.Conflict, () => mine.DisposeAsync().AsTask());
        Assert.AreEqual("first", _f.ReadFile("new"));
    }

    [TestMethod]
    public async Task Append_ExistingFile_KeepsOldContent()
    {
        _f.WriteFile("log", "one\n");
        await WriteAsync(_fs, "/log", "two\n", WriteMode.Append);
        Assert.AreEqual("one\ntwo\n", _f.ReadFile("log"));
    }

    [TestMethod]
    public async Task Read_Seek_UsesRangesAndReturnsRightBytes()
    {
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(_f.Dir.Combine("big"), data);
        await using var s = await _fs.OpenReadAsync(P("/big"));
        Assert.IsTrue(s.CanSeek);
        Assert.AreEqual(data.Length, s.Length);
        var buffer = new byte[100];
        s.Seek(-100, SeekOrigin.End);
        await s.ReadExactlyAsync(buffer);
        CollectionAssert.AreEqual(data[^100..], buffer);
        s.Position = 10;
        await s.ReadExactlyAsync(buffer);
        CollectionAssert.AreEqual(data[10..110], buffer);
        s.Position = 150_000;
        await s.ReadExactlyAsync(buffer);
        CollectionAssert.AreEqual(data[150_000..150_100], buffer);
        s.Position = data.Length;
        Assert.AreEqual(0, await s.ReadAsync(buffer));
    }

    [TestMethod]
    public async Task Read_RandomSmallReads_AskOnlyThoseBytesOverOneKeptConnection()
    {
        var data = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 13 + (i >> 8))).ToArray();
        File.WriteAllBytes(_f.Dir.Combine("big"), data);
        using var recorder = new RecordingHandler();
        using var client = new HttpClient(recorder);
        using var fs = new HttpFileSystem(_f.Url, new HttpFileSystemOptions { Client = client });
        await using var s = await fs.OpenReadAsync(P("/big"));
        var random = new Random(7);
        var buffer = new byte[4096];
        for (var i = 0; i < 50; i++)
        {
            var at = random.Next(data.Length / 4096) * 4096;
            s.Position = at;
            await s.ReadExactlyAsync(buffer);
            CollectionAssert.AreEqual(data[at..(at + 4096)], buffer, $"read {i} at {at}");
        }
        var ranges = recorder.Ranges.Skip(1).ToList();
        Assert.IsTrue(ranges.All(r => r is { } range && range.Ranges.Single() is { From: { } from, To: { } to } && to - from + 1 == 4096),
            string.Join(", ", ranges));
        // The first response (the whole file) is abandoned at the first seek; every bounded one is read to its end, so its connection is kept.
        Assert.IsTrue(recorder.Connections <= 2, $"{recorder.Connections} connections");
    }

    [TestMethod]
    public async Task Read_SequentialAfterSeek_RangesGrowThenAskForTheRest()
    {
        var data = Enumerable.Range(0, 12 << 20).Select(i => (byte)(i * 7 + (i >> 16))).ToArray();
        File.WriteAllBytes(_f.Dir.Combine("big"), data);
        using var recorder = new RecordingHandler();
        using var client = new HttpClient(recorder);
        using var fs = new HttpFileSystem(_f.Url, new HttpFileSystemOptions { Client = client });
        await using var s = await fs.OpenReadAsync(P("/big"));
        s.Position = 1_000_000;
        var rest = new MemoryStream();
        await s.CopyToAsync(rest, 64 * 1024);
        CollectionAssert.AreEqual(data[1_000_000..], rest.ToArray());
        var ranges = recorder.Ranges.Skip(1).Select(r => r!.Ranges.Single()).ToList();
        Assert.AreEqual(1_000_000, ranges[0].From);
        Assert.AreEqual(1_000_000 + 64 * 1024 - 1, ranges[0].To, "the first range after a seek is what the read asked for");
        for (var i = 1; i < ranges.Count - 1; i++)
        {
            Assert.AreEqual(ranges[i - 1].To + 1, ranges[i].From);
            Assert.AreEqual(2 * (ranges[i - 1].To - ranges[i - 1].From + 1), ranges[i].To - ranges[i].From + 1, "each sequential range doubles");
        }
        Assert.IsNull(ranges[^1].To, "a long sequential read ends with an open range");
        Assert.IsTrue(ranges.Count <= 8, $"{ranges.Count} ranges");
    }

    [TestMethod]
    public async Task Read_ShortReadsAfterSeek_AskAtLeastAPage()
    {
        var data = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(_f.Dir.Combine("f"), data);
        using var recorder = new RecordingHandler();
        using var client = new HttpClient(recorder);
        using var fs = new HttpFileSystem(_f.Url, new HttpFileSystemOptions { Client = client });
        await using var s = await fs.OpenReadAsync(P("/f"));
        s.Position = 150_000;
        var one = new byte[1];
        for (var i = 0; i < 4096; i++)
        {
            await s.ReadExactlyAsync(one);
            Assert.AreEqual(data[150_000 + i], one[0]);
        }
        Assert.AreEqual(2, recorder.Ranges.Count, "4096 one-byte reads after a seek are served by one 4 KiB range");
        Assert.AreEqual("bytes=150000-154095", recorder.Ranges[1]!.ToString());
    }

    [TestMethod]
    public async Task Read_FileReplacedWhileReading_ConflictInsteadOfMixedVersions()
    {
        File.WriteAllBytes(_f.Dir.Combine("f"), new byte[200_000]);
        await using var s = await _fs.OpenReadAsync(P("/f"));
        var buffer = new byte[10];
        await s.ReadExactlyAsync(buffer);
        File.WriteAllBytes(_f.Dir.Combine("f"), Enumerable.Repeat((byte)1, 300_000).ToArray());
        s.Position = 150_000;
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Conflict, async Task () => await s.ReadExactlyAsync(buffer));
        StringAssert.Contains(e.Message, "changed while being read");
    }

    [TestMethod]
    public async Task OpenReadIfChanged_SameETag_NotModified()
    {
        _f.WriteFile("f", "version one");
        var entry = (await _fs.StatAsync(P("/f")))!;

        Assert.IsNull(await _fs.OpenReadIfChangedAsync(P("/f"), new CacheValidator(entry.ETag, entry.ModifiedUtc)));
    }

    [TestMethod]
    public async Task OpenReadIfChanged_Changed_OpensTheNewVersion_SeekableAsAnyRead()
    {
        _f.WriteFile("f", "version one");
        var old = (await _fs.StatAsync(P("/f")))!;
        _f.WriteFile("f", "version two, longer");

        var opened = await _fs.OpenReadIfChangedAsync(P("/f"), new CacheValidator(old.ETag, old.ModifiedUtc));

        Assert.IsNotNull(opened);
        var (entry, content) = opened.Value;
        await using (content)
        {
            Assert.AreEqual(19, entry.Size);
            Assert.AreEqual((await _fs.StatAsync(P("/f")))!.ETag, entry.ETag);
            Assert.IsTrue(content.CanSeek, "ranges after a seek, as an ordinary open");
            content.Seek(8, SeekOrigin.Begin);
            Assert.AreEqual("two, longer", await new StreamReader(content).ReadToEndAsync());
        }
    }

    [TestMethod]
    public async Task OpenReadIfChanged_Missing_NotFound()
    {
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => _fs.OpenReadIfChangedAsync(P("/gone"), new CacheValidator("\"1-1\"", null)).AsTask());
        Assert.AreEqual("/gone: file not found", e.Message);
    }

    [TestMethod]
    public async Task SubdirectoryUrl_MountsThatDirectory()
    {
        _f.WriteFile("sub/inner/f", "deep");
        using var fs = new HttpFileSystem(new Uri(_f.Url, "sub"));
        Assert.AreEqual("deep", await ReadAsync(fs, "/inner/f"));
        await WriteAsync(fs, "/inner/g", "g");
        Assert.AreEqual("g", _f.ReadFile("sub/inner/g"));
        var e = await Ns.ThrowsNsAsync(NsErrorKind.NotFound, () => WriteAsync(fs, "/nope/x", "x"));
        Assert.AreEqual("/nope: file not found", e.Message);
    }

    [TestMethod]
    public async Task Names_WithReservedCharacters_RoundTrip()
    {
        foreach (var name in new[] { "a b", "100%", "q?x", "h#y", "ü", "a:b", "semi;colon" })
        {
            await WriteAsync(_fs, "/" + name, name);
            Assert.AreEqual(name, await ReadAsync(_fs, "/" + name));
        }
        var names = new List<string>();
        await foreach (var e in _fs.ListAsync(VPath.Root)) names.Add(e.Name);
        CollectionAssert.AreEquivalent(new[] { "a b", "100%", "q?x", "h#y", "ü", "a:b", "semi;colon" }, names);
    }

    [TestMethod]
    public async Task Token_SentWhenConfigured()
    {
        await using var secured = await OriginFixture.StartAsync(new OriginServerOptions { Token = "t0k" });
        secured.WriteFile("f", "ok");
        using var with = new HttpFileSystem(secured.Url, new HttpFileSystemOptions { Token = "t0k" });
        Assert.AreEqual("ok", await ReadAsync(with, "/f"));
        using var without = new HttpFileSystem(secured.Url, new HttpFileSystemOptions { Retries = 0 });
        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => ReadAsync(without, "/f"));
        StringAssert.Contains(e.Message, "401 Unauthorized");
    }

    [TestMethod]
    public async Task ReadOnlyServer_WritesSayReadOnly()
    {
        await using var ro = await OriginFixture.StartAsync(new OriginServerOptions { ReadOnly = true });
        ro.WriteFile("f", "x");
        using var fs = new HttpFileSystem(ro.Url);
        var e = await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => WriteAsync(fs, "/f", "y"));
        StringAssert.Contains(e.Message, "405 Method Not Allowed");
        await Ns.ThrowsNsAsync(NsErrorKind.ReadOnly, () => fs.DeleteAsync(P("/f"), false));
        Assert.AreEqual("x", await ReadAsync(fs, "/f"));
    }

    // ---- events ----

    private sealed class Recorder
    {
        private readonly List<ChangeEvent> _events = [];
        private readonly SemaphoreSlim _signal = new(0);

        public void Add(ChangeEvent e)
        {
            lock (_events) _events.Add(e);
            _signal.Release();
        }

        public List<ChangeEvent> All
        {
            get
            {
                lock (_events) return [.. _events];
            }
        }

        public async Task<List<ChangeEvent>> UntilAsync(Func<ChangeEvent, bool> done, int seconds = 20)
        {
            var deadline = DateTime.UtcNow.AddSeconds(seconds);
            while (!All.Any(done))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _signal.WaitAsync(left))
                    Assert.Fail("timed out; saw: " + string.Join(", ", All.Select(e => $"{e.Kind} {e.Path}")));
            }
            return All;
        }
    }

    [TestMethod]
    public async Task Subscribe_DroppedConnection_ResumesWithNothingMissed()
    {
        var recorder = new Recorder();
        using var sub = _fs.Subscribe(VPath.Root, recorder.Add);
        await _fs.EventsConnected.WaitAsync(TimeSpan.FromSeconds(20));
        await WriteAsync(_fs, "/a", "a");
        await recorder.UntilAsync(e => e.Path.Value == "/a");
        _f.Server.DropEventStreams();
        for (var i = 0; i < 5; i++) await WriteAsync(_fs, $"/during-{i}", "x");
        var seen = await recorder.UntilAsync(e => e.Path.Value == "/during-4");
        var paths = seen.Select(e => e.Path.Value).Where(p => p.StartsWith("/during-")).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, 5).Select(i => $"/during-{i}").ToArray(), paths.ToArray());
        Assert.IsFalse(seen.Any(e => e.Kind == ChangeKind.Overflow), "a resumed stream loses nothing");
    }

    [TestMethod]
    public async Task Subscribe_ServerRestarted_OverflowThenEventsAgain()
    {
        var dir = _f.Dir.Path;
        var port = _f.Url.Port;
        var recorder = new Recorder();
        using var sub = _fs.Subscribe(VPath.Root, recorder.Add);
        await _fs.EventsConnected.WaitAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 3; i++) await WriteAsync(_fs, $"/f{i}", "x");
        await recorder.UntilAsync(e => e.Path.Value == "/f2");
        await _f.Server.DisposeAsync();
        await using var again = await OriginServer.StartAsync(dir, $"127.0.0.1:{port}");
        await recorder.UntilAsync(e => e.Kind == ChangeKind.Overflow);
        File.WriteAllText(Path.Combine(dir, "after-restart"), "x");
        await recorder.UntilAsync(e => e.Path.Value == "/after-restart");
    }

    [TestMethod]
    public async Task Subscribe_SubdirectoryMount_MapsAndFiltersPaths()
    {
        _f.WriteFile("sub/keep", "x");
        using var fs = new HttpFileSystem(new Uri(_f.Url, "sub/"));
        var recorder = new Recorder();
        using var s = fs.Subscribe(VPath.Root, recorder.Add);
        await fs.EventsConnected.WaitAsync(TimeSpan.FromSeconds(20));
        _f.WriteFile("outside", "x");
        _f.WriteFile("sub/inside", "x");
        var seen = await recorder.UntilAsync(e => e.Path.Value == "/inside");
        Assert.IsFalse(seen.Any(e => e.Path.Value.Contains("outside")));
    }

    [TestMethod]
    public async Task Subscribe_PlainKind_PollsWithConditionalListings()
    {
        _f.WriteFile("d/existing", "x");
        using var fs = new HttpFileSystem(_f.Url, new HttpFileSystemOptions { Kind = HttpOriginKind.Plain, PollInterval = TimeSpan.FromMilliseconds(100) });
        var recorder = new Recorder();
        using var s = fs.Subscribe(VPath.Root, recorder.Add);
        await fs.WatchLive.WaitAsync(TimeSpan.FromSeconds(20));
        _f.WriteFile("d/new", "x");
        await recorder.UntilAsync(e => e.Path.Value == "/d/new" && e.Kind == ChangeKind.Created);
        File.WriteAllText(_f.Dir.Combine("d", "existing"), "longer content");
        await recorder.UntilAsync(e => e.Path.Value == "/d/existing" && e.Kind == ChangeKind.Changed);
        File.Delete(_f.Dir.Combine("d", "new"));
        await recorder.UntilAsync(e => e.Path.Value == "/d/new" && e.Kind == ChangeKind.Deleted);
    }

    [TestMethod]
    public async Task Subscribe_Disposed_NoMoreEvents()
    {
        var recorder = new Recorder();
        var sub = _fs.Subscribe(VPath.Root, recorder.Add);
        await _fs.EventsConnected.WaitAsync(TimeSpan.FromSeconds(20));
        await WriteAsync(_fs, "/one", "x");
        await recorder.UntilAsync(e => e.Path.Value == "/one");
        // A second subscription on the same event stream stays: once it has seen /three, the stream
        // has delivered /two too, so the first one would have had it by now.
        var witness = new Recorder();
        using var stays = _fs.Subscribe(VPath.Root, witness.Add);
        sub.Dispose();
        await WriteAsync(_fs, "/two", "x");
        await WriteAsync(_fs, "/three", "x");
        await witness.UntilAsync(e => e.Path.Value == "/three");
        Assert.IsFalse(recorder.All.Any(e => e.Path.Value is "/two" or "/three"));
    }
}
