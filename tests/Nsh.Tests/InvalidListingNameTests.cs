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
        await MakeDatabaseAsync(("/other", "'a/b'"), ("/third", "'..'"));

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
        await MakeDatabaseAsync(("/other", "'two' || char(10) || 'lines/'"));

        var run = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c",
            "mount -t db w.db /d; mount -t mem m /u; write /u/mine m; bind -a /d /u; ls /u");

        Assert.AreEqual((0, "good\nmine\n"), (run.ExitCode, run.Stdout), run.Stderr);
        Assert.AreEqual("nsh: ls: warning: /u: listing entry \"two\\u000alines/\" left out: not a valid file name\n", run.Stderr);
    }

    // w.db, made by nsh with /good and a file at each path given, whose row is then renamed by another program (the SQL
    // expression given) to a name no path can have.
    private async Task MakeDatabaseAsync(params (string Path, string NameSql)[] renamed)
    {
        var writes = string.Concat(renamed.Select(r => $"; write /d{r.Path} x"));
        var made = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t db w.db /d; write /d/good g" + writes);
        Assert.AreEqual((0, ""), (made.ExitCode, made.Stderr));
        using var db = new SqliteConnection($"Data Source={_dir.Combine("w.db")};Pooling=false");
        db.Open();
        foreach (var (path, nameSql) in renamed)
        {
            using var rename = db.CreateCommand();
            rename.CommandText = $"UPDATE entries SET name = {nameSql} WHERE path = $path";
            rename.Parameters.AddWithValue("$path", path);
            Assert.AreEqual(1, rename.ExecuteNonQuery());
        }
    }
}
