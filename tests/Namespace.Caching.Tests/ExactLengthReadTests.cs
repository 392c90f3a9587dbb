using System.Text;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Sqlite;
using Namespace.Testing;

namespace Namespace.Caching.Tests;

/// <summary>
/// A reader of a miss that takes exactly the length it was told and stops, never reading the end (as
/// <c>ReadExactly(buffer[..Length])</c> does): its copy is kept all the same, unless the origin has more to send
/// than it announced. The cache element is a real dbfs file.
/// </summary>
[TestClass]
public sealed class ExactLengthReadTests
{
    private static readonly Dictionary<string, string> Files = new() { ["/a.txt"] = "alpha" };

    [TestMethod]
    public async Task ReadingExactlyTheLength_ThenDisposing_KeepsTheCopy()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);

        await ReadExactlyTheLengthAsync(o.Os, "/web/a.txt");

        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"), "the second read was served by the copy");
        Assert.AreEqual(1, (await o.Os.CacheStatusAsync()).Single().Counters.Hits);
    }

    [TestMethod]
    public async Task ReadingExactlyTheLengthSynchronously_ThenDisposing_KeepsTheCopy()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);

        using (var reader = await o.Os.OpenReadAsync("/web/a.txt"))
        {
            var buffer = new byte[reader.Length];
            reader.ReadExactly(buffer);
            Assert.AreEqual("alpha", Encoding.UTF8.GetString(buffer));
        }

        Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual(1, o.Proxy.Gets("/a.txt"), "the second read was served by the copy");
    }

    [TestMethod]
    public async Task ReadingExactlyTheLength_OfAnOriginThatSendsMoreThanItAnnounced_KeepsNoCopy()
    {
        await using var o = await LyingOrigin.StartAsync(content => new MemoryStream([.. content, .. "!!"u8]));

        await ReadExactlyTheLengthAsync(o.Os, "/web/a.txt");

        Assert.IsNull(await o.RecordAsync("/a.txt"), "a copy of the announced size only was not kept");
        Assert.AreEqual("alpha!!", await o.Os.ReadAllTextAsync("/web/a.txt"));
        Assert.AreEqual(2, o.Opens, "the second read asked the origin again");
    }

    [TestMethod]
    public async Task ReadingExactlyTheLength_OfAnOriginThatFailsAtTheEnd_KeepsNoCopy_AndDisposingDoesNotThrow()
    {
        await using var o = await LyingOrigin.StartAsync(content => new FailingAtTheEnd(content));

        await ReadExactlyTheLengthAsync(o.Os, "/web/a.txt");

        Assert.IsNull(await o.RecordAsync("/a.txt"), "a copy whose end was never confirmed was not kept");
    }

    // An origin stream whose read past the end fails in any way (cancelled by its own timeout, disposed under it) leaves
    // no flight behind: the next reader of the path does not wait for it.
    [TestMethod]
    public async Task ReadingExactlyTheLength_OfAnOriginWhoseEndIsCancelled_StillLetsTheNextReaderIn()
    {
        await using var o = await LyingOrigin.StartAsync(content => new CancelledAtTheEnd(content));

        try
        {
            await ReadExactlyTheLengthAsync(o.Os, "/web/a.txt");
        }
        catch (OperationCanceledException)
        {
            // Disposing may say so; what matters is the next reader.
        }

        // A guard against hanging the run, not a wait for something to happen: the next read must not wait at all.
        var next = o.Os.ReadAllTextAsync("/web/a.txt").AsTask();
        var finished = await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.AreSame(next, finished, "the next reader of the path waits forever for a flight that never lands");
    }

    // An origin that sent every announced byte but has not ended its stream yet (a pipe, a slow chunked response) does
    // not hold the reader's Dispose (its copy is abandoned, as a reader that stops early abandons it).
    [TestMethod]
    public async Task ReadingExactlyTheLength_OfAnOriginThatDoesNotEndItsStream_DisposeReturns()
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var o = await LyingOrigin.StartAsync(content => new StallingAtTheEnd(content, stalled));

        var reader = await o.Os.OpenReadAsync("/web/a.txt");
        var buffer = new byte[reader.Length];
        await reader.ReadExactlyAsync(buffer);
        Assert.AreEqual("alpha", Encoding.UTF8.GetString(buffer));

        var dispose = reader.DisposeAsync().AsTask();
        var finished = await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(10)));
        stalled.TrySetResult(); // let the origin end, so the test can clean up either way
        await dispose;
        Assert.AreSame(dispose, finished, "disposing a reader that has all its bytes waited for the origin to end its stream");
    }

    private static async Task ReadExactlyTheLengthAsync(VirtualOS os, string path)
    {
        await using var reader = await os.OpenReadAsync(path);
        Assert.AreEqual(5, reader.Length, "the origin announced five bytes");
        var buffer = new byte[reader.Length];
        await reader.ReadExactlyAsync(buffer);
        Assert.AreEqual("alpha", Encoding.UTF8.GetString(buffer));
    }

    // A memfs origin (holding /a.txt) whose files read differently from what its entries announce, mounted at /web with
    // a dbfs cache element bound before it.
    private sealed class LyingOrigin(TempDirectory temp, DbFileSystem cache, LyingProvider origin) : IAsyncDisposable
    {
        public VirtualOS Os { get; } = new(new CacheLayer());

        /// <summary>How many times a file was opened for reading.</summary>
        public int Opens => origin.Opens;

        public static async Task<LyingOrigin> StartAsync(Func<byte[], Stream> reading)
        {
            var temp = new TempDirectory();
            var memory = new MemoryFileSystem("origin");
            await using (var write = await memory.OpenWriteAsync(VPath.Parse("/a.txt"), WriteMode.Replace))
                await write.WriteAsync(Encoding.UTF8.GetBytes(Files["/a.txt"]));
            var cache = (await DbFileSystem.OpenAsync(temp.Combine("cache.db"))).FileSystem;
            var origin = new LyingProvider(memory, reading);
            var o = new LyingOrigin(temp, cache, origin);
            await o.Os.MountAsync("/web", origin);
            await o.Os.MountAsync("/web", cache, new BindOptions(BindPosition.Before, Cache: true));
            return o;
        }

        /// <summary>The store's record for a cache path, once the copies readers are done with are committed.</summary>
        public async Task<CacheRecord?> RecordAsync(string path)
        {
            await Os.SaveCacheStateAsync();
            return await cache.GetRecordAsync(VPath.Parse(path));
        }

        public async ValueTask DisposeAsync()
        {
            await Os.SaveCacheStateAsync();
            await cache.DisposeAsync();
            temp.Dispose();
        }
    }

    private sealed class LyingProvider(IFileProvider inner, Func<byte[], Stream> reading) : ProviderDecorator(inner)
    {
        private int _opens;

        public int Opens => Volatile.Read(ref _opens);

        public override async ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _opens);
            var content = new MemoryStream();
            await using (var file = await Inner.OpenReadAsync(path, cancellationToken))
                await file.CopyToAsync(content, cancellationToken);
            return reading(content.ToArray());
        }
    }

    // A file's bytes, then, instead of its end, a cancellation (the origin's own timeout, say).
    private sealed class CancelledAtTheEnd(byte[] content) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position < Length || count == 0 ? base.Read(buffer, offset, count) : throw new OperationCanceledException("the origin gave up");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length || buffer.Length == 0 ? base.ReadAsync(buffer, cancellationToken) : throw new OperationCanceledException("the origin gave up");
    }

    // A file's bytes, then no end until the origin is told to end (the test's gate): a pipe, which knows no length.
    private sealed class StallingAtTheEnd(byte[] content, TaskCompletionSource ended) : MemoryStream(content)
    {
        public override bool CanSeek => false;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= Length && buffer.Length > 0) await ended.Task.WaitAsync(cancellationToken);
            return await base.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= Length && count > 0) ended.Task.Wait();
            return base.Read(buffer, offset, count);
        }
    }

    // A file's bytes, then, instead of its end, the connection dropping (MemoryStream's other reads come here).
    private sealed class FailingAtTheEnd(byte[] content) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position < Length || count == 0 ? base.Read(buffer, offset, count) : throw new IOException("the connection dropped");
    }
}
