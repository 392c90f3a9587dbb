using System.Text;
using Namespace.Nsh.LineEditing;

namespace Nsh.Tests;

[TestClass]
public sealed class ReplHistoryTests
{
    private string _dir = null!;
    private string _path = null!;
    private readonly List<string> _warnings = [];

    [TestInitialize]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nsh-history-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, ".nsh", "history");
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private ReplHistory Make(int capacity = ReplHistory.DefaultCapacity) =>
        new(_path, w => { _warnings.Add(w); return ValueTask.CompletedTask; }, capacity);

    [TestMethod]
    [DataRow("echo one")]
    [DataRow("for(i in a b) {\necho $i\n}")]
    [DataRow(@"echo a\b \n 'x\\y'")]
    [DataRow("carriage\rreturn and trailing \\")]
    public void EncodingRoundTripsOnOneLine(string entry)
    {
        var line = ReplHistory.Encode(entry);
        Assert.IsFalse(line.Contains('\n') || line.Contains('\r'), line);
        Assert.AreEqual(entry, ReplHistory.Decode(line));
    }

    [TestMethod]
    public void UnknownEscapesAreKeptAsWritten() => Assert.AreEqual(@"a\xb\", ReplHistory.Decode(@"a\xb\"));

    [TestMethod]
    public async Task EntriesArePersistedAndLoadedByTheNextShell()
    {
        var first = Make();
        await first.LoadAsync();
        Assert.AreEqual(0, first.Entries.Count);
        await first.AddAsync("echo one");
        await first.AddAsync("for(i in a b) {\necho $i\n}");
        await first.AddAsync("   ");
        await first.AddAsync("for(i in a b) {\necho $i\n}");
        await first.AddAsync("echo two   ");

        var second = Make();
        await second.LoadAsync();
        CollectionAssert.AreEqual(new[] { "echo one", "for(i in a b) {\necho $i\n}", "echo two" }, second.Entries.ToList());
        Assert.AreEqual(0, _warnings.Count);
    }

    [TestMethod]
    public async Task TheFileIsCappedAtTheCapacity()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await File.WriteAllLinesAsync(_path, Enumerable.Range(1, 250).Select(i => $"echo {i}"));
        var history = Make(capacity: 10);
        await history.LoadAsync();
        CollectionAssert.AreEqual(Enumerable.Range(241, 10).Select(i => $"echo {i}").ToList(), history.Entries.ToList());
        Assert.AreEqual(10, File.ReadAllLines(_path).Length);

        for (var i = 0; i < 300; i++) await history.AddAsync($"next {i}");
        Assert.AreEqual(10, history.Entries.Count);
        Assert.AreEqual("next 299", history.Entries[^1]);
        Assert.IsTrue(File.ReadAllLines(_path).Length <= 10 + 100, "trimmed while appending");
        Assert.AreEqual(0, _warnings.Count);
    }

    [TestMethod]
    public async Task AGarbageFileIsReportedOnceAndLeftAlone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        byte[] garbage = [0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, (byte)'\n', 0x80];
        await File.WriteAllBytesAsync(_path, garbage);
        var history = Make();
        await history.LoadAsync();
        await history.AddAsync("echo still works");
        await history.AddAsync("echo again");
        CollectionAssert.AreEqual(new[] { "echo still works", "echo again" }, history.Entries.ToList());
        Assert.AreEqual(1, _warnings.Count, string.Join('\n', _warnings));
        StringAssert.Contains(_warnings[0], "not a history file");
        CollectionAssert.AreEqual(garbage, await File.ReadAllBytesAsync(_path));
    }

    [TestMethod]
    public async Task NulBytesMakeAFileGarbageToo()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await File.WriteAllTextAsync(_path, "echo ok\n\0\0\0\n", new UTF8Encoding(false));
        var history = Make();
        await history.LoadAsync();
        Assert.AreEqual(0, history.Entries.Count);
        Assert.AreEqual(1, _warnings.Count);
    }

    [TestMethod]
    public async Task AnUnreadableOrUnwritablePathIsReportedOnce()
    {
        // A directory where the file should be: it can be neither read nor appended to.
        Directory.CreateDirectory(_path);
        var history = Make();
        await history.LoadAsync();
        await history.AddAsync("echo one");
        await history.AddAsync("echo two");
        Assert.AreEqual(2, history.Entries.Count);
        Assert.AreEqual(1, _warnings.Count, string.Join('\n', _warnings));
        StringAssert.StartsWith(_warnings[0], "nsh: ");
    }

    [TestMethod]
    public async Task WithoutAPathHistoryStaysInMemory()
    {
        var history = new ReplHistory(null, _ => throw new AssertFailedException("no warning expected"));
        await history.LoadAsync();
        await history.AddAsync("echo one");
        Assert.AreEqual("echo one", history.Entries.Single());
    }
}
