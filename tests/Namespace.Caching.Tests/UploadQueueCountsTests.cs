using Namespace.Core.Memory;
using Namespace.Core.Namespaces;

namespace Namespace.Caching.Tests;

/// <summary>What embedders count of the upload queue (the shell's prompt, the browser's header) and whether it outlives the process.</summary>
[TestClass]
public sealed class UploadQueueCountsTests
{
    [TestMethod]
    public async Task UploadQueue_OfAMemoryStore_IsNotDurable_AndCountsByState()
    {
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/o", new MemoryFileSystem("origin"));
        await os.WriteAllTextAsync("/o/f.txt", "base");
        await os.MountAsync("/o", new MemoryFileSystem("cache"), new BindOptions(BindPosition.Before, Cache: true,
            Options: [KeyValuePair.Create("mode", "writeback"), KeyValuePair.Create("delay", "1h")]));

        await os.WriteAllTextAsync("/o/a.txt", "a");
        await os.CreateDirectoryAsync("/o/d");
        var queue = await os.UploadQueueAsync("/o");

        Assert.HasCount(2, queue);
        Assert.IsTrue(queue.All(c => !c.Durable), "a memory store's journal is gone at exit");
        var counts = UploadQueueCounts.Of(queue);
        Assert.AreEqual(new UploadQueueCounts(Pending: 2, Uploading: 0, Failed: 0, Conflicts: 0, NotDurable: 2), counts);
        Assert.AreEqual(2, counts.Total);
        Assert.AreEqual(2, counts.Waiting);
        Assert.AreEqual(0, UploadQueueCounts.None.Total);
    }

    [TestMethod]
    public void Of_ParkedChanges_CountsThemApartFromThoseWaiting()
    {
        var path = Core.Paths.VPath.Parse("/o/f");
        PendingChange Change(JournalState state, bool durable = true) => new(path, JournalChange.Write, state, null, 0) { Durable = durable };

        var counts = UploadQueueCounts.Of([Change(JournalState.Pending), Change(JournalState.Uploading, durable: false), Change(JournalState.Failed), Change(JournalState.Conflict), Change(JournalState.Conflict)]);

        Assert.AreEqual(new UploadQueueCounts(1, 1, 1, 2, 1), counts);
        Assert.AreEqual(2, counts.Waiting);
        Assert.AreEqual(5, counts.Total);
    }
}
