using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Sqlite.Tests.Support;
using Namespace.Testing;

namespace Namespace.Sqlite.Tests.Storage;

[TestClass]
public sealed class BusyTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task Write_LockHeldPastBusyTimeout_ThrowsUnavailableNamingDatabaseNotSqliteError()
    {
        var file = _dir.Combine("held.db");
        await using var fs = await DbFiles.OpenAsync(file, new DbOpenOptions { BusyTimeout = TimeSpan.FromMilliseconds(300) });
        using var other = RawDb.Open(file);
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var e = await Ns.ThrowsNsAsync(NsErrorKind.Unavailable, () => fs.CreateDirectoryAsync(VPath.Parse("/d")));

        Assert.AreEqual("/d", e.Path);
        StringAssert.Contains(e.Message, file + " is busy");
        Assert.IsNotNull(await fs.StatAsync(VPath.Root), "readers are not blocked by the writer (WAL)");
    }

    [TestMethod]
    public async Task Write_LockReleasedWhileWaiting_Succeeds()
    {
        var file = _dir.Combine("released.db");
        await using var fs = await DbFiles.OpenAsync(file);
        using var other = RawDb.Open(file);
        using var command = other.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        command.ExecuteNonQuery();

        var write = Task.Run(async () => await fs.WriteAsync("/f", "after the wait"));
        await Task.Yield();
        command.CommandText = "COMMIT";
        command.ExecuteNonQuery();
        await write;

        Assert.AreEqual("after the wait", await fs.ReadTextAsync("/f"));
    }
}
