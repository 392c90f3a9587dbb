using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Nsh;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>Leaving nsh with changes not yet at their origin says so, in one line on stderr, and uploads nothing on its own.</summary>
[TestClass]
public sealed class UploadsAtExitTests
{
    private const string WriteBack = "mount -t mem root /; mount -t mem origin /o; mount -bC -o mode=writeback,delay=1h -t mem c /o";

    private TempDirectory _dir = null!;

    [TestInitialize]
    public void Init() => _dir = new TempDirectory();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task DashC_WithChangesInAMemoryCache_SaysTheyAreLost()
    {
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", WriteBack + "; write /o/a.txt x; write /o/b.txt y");

        Assert.AreEqual("nsh: 2 changes not uploaded are lost with this session (their cache is in memory)\n", result.Stderr);
        Assert.AreEqual(0, result.ExitCode, "a note, not a failure");
        Assert.AreEqual("", result.Stdout);
    }

    [TestMethod]
    public async Task Script_WithOneChangeLeft_SaysSoInTheSingular()
    {
        File.WriteAllText(_dir.Combine("s.rc"), WriteBack.Replace("; ", "\n", StringComparison.Ordinal) + "\nwrite /o/a.txt x\n");
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "s.rc");
        Assert.AreEqual("nsh: 1 change not uploaded is lost with this session (its cache is in memory)\n", result.Stderr);
    }

    [TestMethod]
    public async Task Stdin_WithChangesLeft_SaysSo()
    {
        var result = await NshProcess.RunAsync(_dir.Path, WriteBack + "\nwrite /o/a.txt x\n", "-n", "none");
        Assert.AreEqual("nsh: 1 change not uploaded is lost with this session (its cache is in memory)\n", result.Stderr);
    }

    [TestMethod]
    public async Task DashC_AfterFlush_SaysNothing()
    {
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", WriteBack + "; write /o/a.txt x; flush; cat /o/a.txt");
        Assert.AreEqual("", result.Stderr);
        Assert.AreEqual("x\n", result.Stdout);
    }

    [TestMethod]
    public async Task DashC_WithoutWriteBack_SaysNothing()
    {
        var result = await NshProcess.RunAsync(_dir.Path, null, "-n", "none", "-c", "mount -t mem root /; write /a.txt x");
        Assert.AreEqual("", result.Stderr);
    }

    [TestMethod]
    public void Text_ForDurableChanges_SaysTheyResume_AndNamesParkedOnesApart()
    {
        Assert.IsNull(UploadsLeft.Text([]));
        Assert.AreEqual("nsh: 2 uploads pending; they resume at the next start", UploadsLeft.Text([Change(JournalState.Pending), Change(JournalState.Uploading)]));
        Assert.AreEqual("nsh: 1 upload pending; it resumes at the next start", UploadsLeft.Text([Change(JournalState.Pending)]));
        Assert.AreEqual("nsh: 1 upload pending; it resumes at the next start; 1 change failed or in conflict stays in the cache (see status)",
            UploadsLeft.Text([Change(JournalState.Pending), Change(JournalState.Conflict)]));
        Assert.AreEqual("nsh: 1 upload pending; it resumes at the next start; 2 changes not uploaded are lost with this session (their cache is in memory)",
            UploadsLeft.Text([Change(JournalState.Pending), Change(JournalState.Pending, durable: false), Change(JournalState.Conflict, durable: false)]));
    }

    private static PendingChange Change(JournalState state, bool durable = true) =>
        new(VPath.Parse("/o/f"), JournalChange.Write, state, null, 0) { Durable = durable };
}
