using Microsoft.Data.Sqlite;
using Namespace.Core.Paths;

namespace Namespace.Caching.Tests;

/// <summary>
/// Misses whose fetch goes wrong half way (the origin drops the connection, the reader gives up): the reader is told,
/// nothing partial is kept, and readers waiting for that fetch neither hang nor get less than the whole file. The
/// origin is our server behind the fault proxy, over real sockets; the cache element is a real dbfs file.
/// </summary>
[TestClass]
public sealed class FillFaultTests
{
    private const int Half = 50_000;
    private static readonly string Big = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i:D7}\n"));
    private static readonly Dictionary<string, string> Files = new() { ["/big.txt"] = Big, ["/a.txt"] = "alpha" };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [TestMethod]
    public async Task ALeaderThatCancelsMidRead_LeavesNoWaitingReaderHanging()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        using var cancel = new CancellationTokenSource();
        Task<string> waiting;
        await using (var leader = await OpenHalfReadAsync(o, cancel.Token))
        {
            waiting = o.Os.ReadAllTextAsync("/web/big.txt").AsTask();
            await WaitersAsync(o, 1);
            var read = leader.ReadAsync(new byte[1000], cancel.Token).AsTask(); // waits for the held rest
            await cancel.CancelAsync();
            await Assert.ThrowsAsync<OperationCanceledException>(() => read);
        }
        o.Proxy.HeldBody.Open();

        // A guard against hanging the run, not a wait for something to happen.
        Assert.AreSame(waiting, await Task.WhenAny(waiting, Task.Delay(Patience)), "the waiting reader hangs on a fetch that never lands");
        Assert.AreEqual(Big, await waiting);
        Assert.AreEqual(Big.Length, (await o.RecordAsync("/big.txt"))?.Size);
    }

    [TestMethod]
    public async Task AReaderThatStopsEarly_AfterTheOnlyWaiterGaveUp_AbandonsTheFetch()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files);
        using var cancel = new CancellationTokenSource();
        await using (await OpenHalfReadAsync(o))
        {
            var waiting = o.Os.ReadAllTextAsync("/web/big.txt", cancel.Token).AsTask();
            await WaitersAsync(o, 1);
            await cancel.CancelAsync(); // Ctrl-C on the other reader
            await Assert.ThrowsAsync<OperationCanceledException>(() => waiting);
        }

        Assert.IsNull(o.Runtime.InFlight(VPath.Parse("/big.txt")), "the rest is fetched in the background for a reader that gave up");
        o.Proxy.HeldBody.Open();
        Assert.AreEqual(Big, await o.Os.ReadAllTextAsync("/web/big.txt").AsTask().WaitAsync(Patience));
    }

    [TestMethod]
    public async Task ACopyTheCacheCannotCommit_IsCountedAsAnError()
    {
        await using var o = await HttpOrigin.StartAsync(files: Files, busyTimeout: TimeSpan.FromMilliseconds(300));
        using (var other = new SqliteConnection($"Data Source={o.CacheFile};Pooling=false"))
        {
            other.Open();
            using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE"; // another process writes, longer than the cache waits for it
            hold.ExecuteNonQuery();

            Assert.AreEqual("alpha", await o.Os.ReadAllTextAsync("/web/a.txt").AsTask().WaitAsync(Patience), "the reader has its bytes");
            await o.Runtime.SettledAsync(VPath.Root, SettleScope.Subtree).WaitAsync(Patience); // the commit gave up
        }

        var status = (await o.Os.CacheStatusAsync()).Single();
        Assert.AreEqual(0, status.Usage.Files, "nothing was kept");
        Assert.AreEqual(1, status.Counters.Errors, "status says the cache failed");
    }

    // Opens /web/big.txt (a miss) and reads its first Half bytes; the rest of the body waits at the proxy's HeldBody.
    private static async Task<Stream> OpenHalfReadAsync(HttpOrigin o, CancellationToken cancellationToken = default, bool cut = false)
    {
        o.Proxy.PauseBodyAfter("/big.txt", Half, cut);
        var reader = await o.Os.OpenReadAsync("/web/big.txt", cancellationToken);
        await reader.ReadExactlyAsync(new byte[Half], cancellationToken);
        return reader;
    }

    // Returns once this many readers wait for the fetch of /big.txt in flight.
    private static async Task WaitersAsync(HttpOrigin o, int count)
    {
        var runtime = o.Runtime;
        var deadline = DateTime.UtcNow + Patience;
        while ((runtime.InFlight(VPath.Parse("/big.txt"))?.Waiters ?? 0) < count)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"{count} reader(s) should wait for the fetch");
            await Task.Yield();
        }
    }
}
