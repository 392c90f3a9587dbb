using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;
using Namespace.Sqlite;
using Namespace.Testing;

namespace Namespace.Caching.Tests;

/// <summary>
/// <c>mount</c> closes a provider it opened and did not mount: a second instance of a source already mounted, or one whose
/// mount was refused. Real SQLite files: an instance left open would keep its connection pool.
/// </summary>
[TestClass]
public sealed class MountClosingTests
{
    [TestMethod]
    public async Task MountingADatabaseTwice_ClosesTheSecondConnectionPool()
    {
        using var dir = new TempDirectory();
        var (shell, opened) = ShellOpeningDatabases(dir.Path);

        var (status, _, errors) = await Shell.RunAsync(shell, "mount -t db c.db /a; mount -t db c.db /b; write /b/f.txt hi");

        Assert.AreEqual("", status, errors);
        Assert.AreEqual(2, opened.Count);
        var closed = await Assert.ThrowsExactlyAsync<NamespaceException>(() => opened[1].StatAsync(VPath.Root).AsTask());
        StringAssert.Contains(closed.Message, "is closed", "the second instance was disposed; the namespace uses the first");
        Assert.AreEqual("hi\n", await shell.Os.ReadAllTextAsync("/a/f.txt"), "written through the first instance");
        await opened[0].DisposeAsync();
    }

    [TestMethod]
    public async Task AMountRefused_ClosesTheDatabaseItOpened()
    {
        using var dir = new TempDirectory();
        var (shell, opened) = ShellOpeningDatabases(dir.Path);

        var (status, _, _) = await Shell.RunAsync(shell, "mount -o ro -t mem origin /o; mount -bC -o mode=writeback -t db c.db /o");

        Assert.AreNotEqual("", status);
        var closed = await Assert.ThrowsExactlyAsync<NamespaceException>(() => opened.Single().StatAsync(VPath.Root).AsTask());
        StringAssert.Contains(closed.Message, "is closed");
    }

    [TestMethod]
    public async Task Unmount_ClosesADatabaseOnceNoMountPointOfAnyForkHoldsIt()
    {
        using var dir = new TempDirectory();
        var (shell, opened) = ShellOpeningDatabases(dir.Path);
        Assert.AreEqual("", (await Shell.RunAsync(shell, "mount -t db c.db /a; bind /a /b")).Status);
        var fork = shell.Os.Fork();

        await shell.Os.UnmountAsync("/a");
        await shell.Os.UnmountAsync("/b");
        Assert.IsNotNull(await opened.Single().StatAsync(VPath.Root), "the fork still holds it at /a and /b");
        await fork.UnmountAsync("/a");
        Assert.IsNotNull(await opened.Single().StatAsync(VPath.Root), "and still at /b");
        await fork.UnmountAsync("/b");

        var closed = await Assert.ThrowsExactlyAsync<NamespaceException>(() => opened.Single().StatAsync(VPath.Root).AsTask());
        StringAssert.Contains(closed.Message, "is closed");
    }

    [TestMethod]
    public async Task Unmount_OfACacheElementInADatabase_SavesItsCountersBeforeClosingIt()
    {
        using var dir = new TempDirectory();
        var (shell, opened) = ShellOpeningDatabases(dir.Path);
        await File.WriteAllTextAsync(dir.Combine("f.txt"), "x");

        var (status, _, errors) = await Shell.RunAsync(shell, "mount -t local . /o; mount -bC -o ttl=1h -t db c.db /o; cat /o/f.txt; cat /o/f.txt; unmount /o");

        Assert.AreEqual("", status, errors);
        await Assert.ThrowsExactlyAsync<NamespaceException>(() => opened.Single().StatAsync(VPath.Root).AsTask());
        await using var reopened = (await DbFileSystem.OpenAsync(dir.Combine("c.db"))).FileSystem;
        var counters = await reopened.ReadCountersAsync(VPath.Root);
        Assert.AreEqual((1L, 1L), (counters.Hits, counters.Misses));
    }

    [TestMethod]
    public async Task CloseAsync_ClosesEveryDatabaseTheShellMounted()
    {
        using var dir = new TempDirectory();
        var (shell, opened) = ShellOpeningDatabases(dir.Path);
        Assert.AreEqual("", (await Shell.RunAsync(shell, "mount -t db a.db /a; mount -t db b.db /b; write /a/f x")).Status);

        await shell.Os.CloseAsync();

        foreach (var db in opened) await Assert.ThrowsExactlyAsync<NamespaceException>(() => db.StatAsync(VPath.Root).AsTask());
        Assert.IsFalse(File.Exists(dir.Combine("a.db-wal")), "the last connection closed checkpoints and removes the WAL");
    }

    // A shell whose `mount -t db` opens real databases, each kept in the list it returns.
    private static (ShellSession Shell, List<DbFileSystem> Opened) ShellOpeningDatabases(string directory)
    {
        var opened = new List<DbFileSystem>();
        var types = new MountTypeRegistry().AddCoreTypes();
        types.Register("db", async request =>
        {
            var db = (await DbFileSystem.OpenAsync(Path.GetFullPath(request.Source, request.HostDirectory))).FileSystem;
            opened.Add(db);
            return db;
        });
        return (new ShellSession(new VirtualOS(new CacheLayer()), StandardBuiltins.Table(), types, directory), opened);
    }
}
