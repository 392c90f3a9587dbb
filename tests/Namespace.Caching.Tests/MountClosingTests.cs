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

        var (status, _, _) = await Shell.RunAsync(shell, "mount -t mem origin /o; mount -bC -o mode=writeback -t db c.db /o");

        Assert.AreNotEqual("", status);
        var closed = await Assert.ThrowsExactlyAsync<NamespaceException>(() => opened.Single().StatAsync(VPath.Root).AsTask());
        StringAssert.Contains(closed.Message, "is closed");
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
