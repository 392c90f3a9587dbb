using System.Text.Json;
using Namespace.Http.Server;

namespace Namespace.Http.Tests.Server;

[TestClass]
public sealed class OriginServerEventTests
{
    private static string PathOf(Http.Client.SseMessage m) => JsonDocument.Parse(m.Data).RootElement.GetProperty("path").GetString()!;

    private static string KindOf(Http.Client.SseMessage m) => JsonDocument.Parse(m.Data).RootElement.GetProperty("kind").GetString()!;

    [TestMethod]
    public async Task Events_OwnWrites_ReportedOnceWithIncreasingIds()
    {
        await using var f = await OriginFixture.StartAsync();
        await using var events = await EventStream.OpenAsync(f.Client);
        var ready = await events.NextAsync();
        Assert.AreEqual("ready", ready.Event);
        Assert.AreEqual("0", ready.Id);
        using (await f.SendAsync(HttpMethod.Put, "a", body: "1")) { }
        using (await f.SendAsync(new HttpMethod("MKCOL"), "d")) { }
        using (await f.SendAsync(HttpMethod.Put, "a", body: "22")) { }
        using (await f.SendAsync(new HttpMethod("MOVE"), "a", m => m.Headers.Add("Destination", "/d/b"))) { }
        using (var last = await f.SendAsync(HttpMethod.Delete, "d/b"))
            Assert.AreEqual("5", last.Headers.GetValues("Ns-Event-Id").Single(), "a change response carries its own event id");
        var seen = new List<Http.Client.SseMessage>();
        for (var i = 0; i < 5; i++) seen.Add(await events.NextAsync());
        CollectionAssert.AreEqual(new[] { "1", "2", "3", "4", "5" }, seen.Select(m => m.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "created", "created", "changed", "renamed", "deleted" }, seen.Select(KindOf).ToArray());
        CollectionAssert.AreEqual(new[] { "/a", "/d", "/a", "/d/b", "/d/b" }, seen.Select(PathOf).ToArray());
        Assert.AreEqual("/a", JsonDocument.Parse(seen[3].Data).RootElement.GetProperty("oldPath").GetString());
        // Echoes of our own writes from the directory watcher must not follow: the next event is the marker below.
        f.WriteFile("marker", "m");
        var next = await events.UntilAsync(m => PathOf(m) == "/marker");
        Assert.AreEqual(1, next.Count, "no echo events: " + string.Join(" ", next.Select(m => KindOf(m) + PathOf(m))));
    }

    [TestMethod]
    public async Task Events_OtherProgramsChanges_Reported()
    {
        await using var f = await OriginFixture.StartAsync();
        await using var events = await EventStream.OpenAsync(f.Client);
        await events.NextAsync();
        f.WriteFile("external.txt", "by another program");
        var seen = await events.UntilAsync(m => PathOf(m) == "/external.txt");
        Assert.IsTrue(KindOf(seen[^1]) is "created" or "changed");
        File.Delete(f.Dir.Combine("external.txt"));
        seen = await events.UntilAsync(m => PathOf(m) == "/external.txt" && KindOf(m) == "deleted");
        Assert.AreEqual("deleted", KindOf(seen[^1]));
    }

    [TestMethod]
    public async Task Events_ResumeAfterDroppedConnection_MissesNothing()
    {
        await using var f = await OriginFixture.StartAsync();
        string lastId;
        await using (var first = await EventStream.OpenAsync(f.Client))
        {
            await first.NextAsync();
            using (await f.SendAsync(HttpMethod.Put, "before", body: "x")) { }
            lastId = (await first.NextAsync()).Id!;
        }
        for (var i = 0; i < 10; i++) using (await f.SendAsync(HttpMethod.Put, $"while-away-{i}", body: "x")) { }
        await using var second = await EventStream.OpenAsync(f.Client, lastId);
        var ready = await second.NextAsync();
        Assert.AreEqual("ready", ready.Event);
        Assert.AreEqual(lastId, ready.Id);
        var names = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var m = await second.NextAsync();
            Assert.AreEqual((long.Parse(lastId) + 1 + i).ToString(), m.Id);
            names.Add(PathOf(m));
        }
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => $"/while-away-{i}").ToArray(), names.ToArray());
    }

    [TestMethod]
    public async Task Events_ResumeFromTooOldOrUnknownId_SaysReset()
    {
        await using var f = await OriginFixture.StartAsync(new OriginServerOptions { EventCapacity = 4 });
        for (var i = 0; i < 10; i++) using (await f.SendAsync(HttpMethod.Put, $"f{i}", body: "x")) { }
        await using (var old = await EventStream.OpenAsync(f.Client, "2"))
        {
            var reset = await old.NextAsync();
            Assert.AreEqual("reset", reset.Event);
            Assert.AreEqual("10", reset.Id);
            StringAssert.Contains(reset.Data, "no longer kept");
        }
        await using (var fresh = await EventStream.OpenAsync(f.Client, "6"))
        {
            Assert.AreEqual("ready", (await fresh.NextAsync()).Event, "events 7..10 are still kept");
            Assert.AreEqual("7", (await fresh.NextAsync()).Id);
        }
        await using (var future = await EventStream.OpenAsync(f.Client, "999"))
            StringAssert.Contains((await future.NextAsync()).Data, "restarted");
        await using (var garbage = await EventStream.OpenAsync(f.Client, "abc"))
            Assert.AreEqual("reset", (await garbage.NextAsync()).Event);
    }

    [TestMethod]
    public async Task Events_IdleStream_SendsHeartbeatsAndStaysOpen()
    {
        await using var f = await OriginFixture.StartAsync(new OriginServerOptions { EventHeartbeat = TimeSpan.FromMilliseconds(100) });
        await using var events = await EventStream.OpenAsync(f.Client);
        await events.NextAsync();
        await Task.Delay(500);
        using (await f.SendAsync(HttpMethod.Put, "late", body: "x")) { }
        Assert.AreEqual("/late", PathOf(await events.NextAsync()));
    }

    [TestMethod]
    public async Task Dispose_WithOpenEventStream_StopsPromptly()
    {
        var f = await OriginFixture.StartAsync();
        var events = await EventStream.OpenAsync(f.Client);
        await events.NextAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await f.DisposeAsync();
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
        await events.DisposeAsync();
    }
}
