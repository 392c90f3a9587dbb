using Namespace.Caching.Tests;
using Namespace.Http.Server;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// Two nsh processes writing back through one cache database: both journal their writes there, one at a time uploads
/// (it holds the journal's lease), each write reaches the origin once, and when the uploading process is killed the other
/// takes its work over.
/// </summary>
[TestClass]
public sealed class WriteBackSharedJournalTests
{
    private const int Files = 30;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task TwoNshProcesses_EachWriteReachesTheOriginOnce_AndKillingTheUploaderHandsItsWorkToTheOther()
    {
        using var dir = new TempDirectory();
        var originDirectory = Directory.CreateDirectory(dir.Combine("origin")).FullName;
        await using var origin = await OriginServer.StartAsync(originDirectory, "127.0.0.1:0", cancellationToken: TestContext.CancellationToken);
        await using var proxy = await FaultProxy.StartAsync(origin.Url);
        proxy.Refuse = (method, _) => method == "PUT" ? 503 : null; // the origin takes no upload yet
        File.WriteAllText(dir.Combine("ns.rc"), $"""
            mount -t mem root /
            mount -t http {proxy.Url} /o
            mount -bC -o mode=writeback -t db cache.db /o /o

            """);
        var numbers = string.Join(' ', Enumerable.Range(1, Files));
        var none = new Dictionary<string, string?>();

        await using var first = RunningNsh.StartTalking(dir.Path, none, "-n", "ns.rc");
        await first.SendAsync($"for(i in {numbers}) write /o/a$i a$i; echo written");
        Assert.IsTrue(await first.WaitForLineAsync(l => l == "written", TestContext.CancellationToken), first.Transcript);
        // The first took the lease: it is the one trying to upload.
        await UntilAsync(() => proxy.Answers("/a1").Contains("PUT 503"));

        await using var second = RunningNsh.StartTalking(dir.Path, none, "-n", "ns.rc");
        await second.SendAsync($"for(i in {numbers}) write /o/b$i b$i; echo written");
        Assert.IsTrue(await second.WaitForLineAsync(l => l == "written", TestContext.CancellationToken), second.Transcript);
        Assert.IsFalse(Enumerable.Range(1, Files).Any(i => proxy.Answers($"/b{i}").Count > 0), $"the second does not upload while the first holds the lease: {string.Join(", ", Enumerable.Range(1, Files).SelectMany(i => proxy.Answers($"/b{i}")))}");

        await first.KillAsync();
        proxy.Refuse = null;
        await second.SendAsync("flush; echo flushed $status");
        Assert.IsTrue(await second.WaitForLineAsync(l => l.StartsWith("flushed", StringComparison.Ordinal), TestContext.CancellationToken), second.Transcript);

        Assert.AreEqual("flushed", second.Lines.Last().TrimEnd(), "flush succeeded (an empty status): " + string.Join('\n', second.Lines));
        foreach (var name in Enumerable.Range(1, Files).SelectMany(i => new[] { $"a{i}", $"b{i}" }))
        {
            Assert.AreEqual(name + "\n", File.ReadAllText(Path.Combine(originDirectory, name)), name);
            Assert.AreEqual(1, proxy.Answers("/" + name).Count(a => a.StartsWith("PUT 2", StringComparison.Ordinal)), $"{name} is uploaded once: {string.Join(", ", proxy.Answers("/" + name))}");
        }
        await second.SendAsync("exit");
        var end = await second.WaitAsync(TestContext.CancellationToken);
        Assert.AreEqual((0, ""), end, second.Transcript);
    }

    // Waits for what another process does, looking again every 20 ms, for up to a minute.
    private async Task UntilAsync(Func<bool> condition)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(1));
        while (!condition()) await Task.Delay(20, patience.Token);
    }
}
