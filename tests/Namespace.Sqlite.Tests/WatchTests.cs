using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Sqlite.Tests.Support;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests;

[TestClass]
public sealed class WatchTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task Subscribe_ChangesThroughThisInstance_ReportedInOrderWithProviderPaths()
    {
        await using var fs = await DbFiles.OpenAsync(_dir.Combine("watch.db"));
        await fs.MkdirAsync("/d");
        var seen = new List<ChangeEvent>();
        using (fs.Subscribe(VPath.Parse("/d"), e => { lock (seen) seen.Add(e); }))
        {
            await fs.WriteAsync("/d/f", "1");
            await fs.WriteAsync("/d/f", "2");
            await fs.WriteAsync("/outside", "not reported");
            await fs.MoveAsync(VPath.Parse("/d/f"), VPath.Parse("/d/g"));
            await fs.MkdirAsync("/d/sub");
            await fs.DeleteAsync(VPath.Parse("/d/g"), recursive: false);
            await using (var aborted = await fs.OpenWriteAsync(VPath.Parse("/d/never"), WriteMode.Replace)) aborted.Abort();
        }
        await fs.WriteAsync("/d/after", "not reported: unsubscribed");

        CollectionAssert.AreEqual(new[]
        {
            new ChangeEvent(ChangeKind.Created, VPath.Parse("/d/f")),
            new ChangeEvent(ChangeKind.Changed, VPath.Parse("/d/f")),
            new ChangeEvent(ChangeKind.Renamed, VPath.Parse("/d/g"), VPath.Parse("/d/f")),
            new ChangeEvent(ChangeKind.Created, VPath.Parse("/d/sub")),
            new ChangeEvent(ChangeKind.Deleted, VPath.Parse("/d/g")),
        }, seen);
    }
}
