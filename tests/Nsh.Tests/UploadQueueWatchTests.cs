using Namespace.Caching;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Nsh;

namespace Nsh.Tests;

/// <summary>The count the prompt shows: kept from the uploaders' events, following the namespace as mounts come and go.</summary>
[TestClass]
public sealed class UploadQueueWatchTests
{
    private static readonly BindOptions WriteBack = new(BindPosition.Before, Cache: true,
        Options: [KeyValuePair.Create("mode", "writeback"), KeyValuePair.Create("delay", "1h")]);

    [TestMethod]
    public async Task FollowAsync_SeesChangesMadeAndUploaded_AndElementsMountedLater()
    {
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/", new MemoryFileSystem("root"));
        using var watch = new UploadQueueWatch(() => os);
        await watch.FollowAsync();
        Assert.AreEqual(UploadQueueCounts.None, watch.Counts);

        await os.MountAsync("/o", new MemoryFileSystem("origin"));
        await os.MountAsync("/o", new MemoryFileSystem("cache"), WriteBack);
        await os.WriteAllTextAsync("/o/a.txt", "a");
        await watch.FollowAsync();
        Assert.AreEqual(1, watch.Counts.Pending, "an element mounted after the first prompt is followed");

        await os.WriteAllTextAsync("/o/b.txt", "b");
        await watch.FollowAsync();
        Assert.AreEqual(2, watch.Counts.Pending);

        await os.FlushAsync();
        await watch.FollowAsync();
        Assert.AreEqual(UploadQueueCounts.None, watch.Counts);
    }

    [TestMethod]
    public async Task FollowAsync_AfterTheSessionMovedToAnotherNamespace_FollowsThatOne()
    {
        var first = new VirtualOS(new CacheLayer());
        await first.MountAsync("/", new MemoryFileSystem("root"));
        var second = new VirtualOS(new CacheLayer());
        await second.MountAsync("/o", new MemoryFileSystem("origin"));
        await second.MountAsync("/o", new MemoryFileSystem("cache"), WriteBack);
        await second.WriteAllTextAsync("/o/a.txt", "a");
        var current = first;
        using var watch = new UploadQueueWatch(() => current);
        await watch.FollowAsync();

        current = second;
        await watch.FollowAsync();

        Assert.AreEqual(1, watch.Counts.Pending);
    }
}
