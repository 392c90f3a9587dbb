using Microsoft.Data.Sqlite;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// A listing may hold a name no path can have (a dbfs row written by another program, an HTTP origin's listing): that
/// entry is left out with a one-line warning, and the rest of the listing, and every glob over it, goes on.
/// </summary>
[TestClass]
public sealed class InvalidListingNameTests
{
    private readonly TempDirectory _dir = new();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task DbRowsNamedWithASlashOrDotDot_AreSkippedWithAWarning_AndGlobsGoOn()
    {
        var made = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c",
            "mount -t db w.db /d; write /d/good g; write /d/other o; write /d/third t");
        Assert.AreEqual((0, ""), (made.ExitCode, made.Stderr));
        using (var db = new SqliteConnection($"Data Source={_dir.Combine("w.db")};Pooling=false"))
        {
            db.Open();
            using var rename = db.CreateCommand();
            rename.CommandText = "UPDATE entries SET name = 'a/b' WHERE path = '/other'; UPDATE entries SET name = '..' WHERE path = '/third'";
            Assert.AreEqual(2, rename.ExecuteNonQuery());
        }

        var run = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c",
            "mount -t db w.db /d; for(f in /d/*) echo for $f; ls /d/*; ls /d");

        Assert.AreEqual("for /d/good\n/d/good\ngood\n", run.Stdout, run.Stderr);
        Assert.AreEqual(
            "nsh: warning: /d: listing entry \"..\" left out: not a valid file name\n" +
            "nsh: warning: /d: listing entry \"a/b\" left out: not a valid file name\n" +
            "nsh: warning: /d: listing entry \"..\" left out: not a valid file name\n" +
            "nsh: warning: /d: listing entry \"a/b\" left out: not a valid file name\n" +
            "nsh: ls: warning: /d: listing entry \"..\" left out: not a valid file name\n" +
            "nsh: ls: warning: /d: listing entry \"a/b\" left out: not a valid file name\n", run.Stderr);
        Assert.AreEqual(0, run.ExitCode);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task InAUnion_AnInvalidName_IsSkipped_AndShownOnOneLine()
    {
        var made = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db w.db /d; write /d/good g; write /d/other o");
        Assert.AreEqual((0, ""), (made.ExitCode, made.Stderr));
        using (var db = new SqliteConnection($"Data Source={_dir.Combine("w.db")};Pooling=false"))
        {
            db.Open();
            using var rename = db.CreateCommand();
            rename.CommandText = "UPDATE entries SET name = 'two' || char(10) || 'lines/' WHERE path = '/other'";
            Assert.AreEqual(1, rename.ExecuteNonQuery());
        }

        var run = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c",
            "mount -t db w.db /d; mount -t mem m /u; write /u/mine m; bind -a /d /u; ls /u");

        Assert.AreEqual((0, "good\nmine\n"), (run.ExitCode, run.Stdout), run.Stderr);
        Assert.AreEqual("nsh: ls: warning: /u: listing entry \"two\\u000alines/\" left out: not a valid file name\n", run.Stderr);
    }
}
