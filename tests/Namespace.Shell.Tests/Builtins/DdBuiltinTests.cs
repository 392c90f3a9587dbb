using Namespace.Core.Memory;
using Namespace.Shell.Tests.Execution;
using Namespace.Testing;

namespace Namespace.Shell.Tests.Builtins;

/// <summary><c>dd</c> through the real executor: the range it copies, what it reads to get there, its report and its errors.</summary>
[TestClass]
public sealed class DdBuiltinTests
{
    private const string Usage = "usage: dd [-if path] [-of path] [-bs n] [-iseek n] [-oseek n] [-count n] [-trunc n] [-quiet n]\n";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";
    private const int KiB = 1024;

    // 1 MiB in which every KiB differs from its neighbours, so a range read from the wrong place shows.
    private static readonly byte[] Mebibyte = [.. Enumerable.Range(0, 1024 * KiB).Select(i => (byte)(i * 7 + i / KiB))];

    [TestMethod]
    public async Task Dd_IseekAndCount_WritesExactlyThatRangeAndReportsTheRecords()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", Alphabet));

        var r = await sh.RunAsync("dd -if /f -bs 4 -iseek 2 -count 3");

        AssertCopied(r, "3+0", "ijklmnopqrst");
    }

    [TestMethod]
    [DataRow("dd -if /m/data -bs 1k -iseek 512 -count 2", DisplayName = "-if")]
    [DataRow("dd -bs 1k -iseek 512 -count 2 < /m/data", DisplayName = "stdin redirected from the file")]
    public async Task Dd_SeekableSource_SeeksToTheOffsetAndReadsOnlyCountBlocks(string script)
    {
        var (r, read) = await ReadMeteredRangeAsync(seekable: true, script);

        CollectionAssert.AreEqual(Mebibyte[(512 * KiB)..(514 * KiB)], r.OutBytes);
        Assert.AreEqual(512L * KiB, read.FirstReadAt, "seeked to the offset instead of reading up to it");
        Assert.AreEqual(2L * KiB, read.BytesRead, "stopped after -count blocks");
        Assert.IsTrue(read.Disposed);
    }

    [TestMethod]
    public async Task Dd_SequentialSource_DiscardsUpToTheOffsetAndStopsAfterCountBlocks()
    {
        var (r, read) = await ReadMeteredRangeAsync(seekable: false, "dd -if /m/data -bs 1k -iseek 512 -count 2");

        CollectionAssert.AreEqual(Mebibyte[(512 * KiB)..(514 * KiB)], r.OutBytes);
        Assert.AreEqual(514L * KiB, read.BytesRead, "read up to the offset and then -count blocks, not to the end");
        Assert.IsTrue(read.Disposed);
    }

    [TestMethod]
    public async Task Dd_StdinAndPipe_ReadFromTheOffsetToStdout()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", Alphabet));

        var fromStdin = await sh.RunAsync("dd -bs 4 -iseek 2 -count 3", stdin: Alphabet);
        var fromPipe = await sh.RunAsync("cat /f | dd -bs 4 -iseek 2 -count 3");
        var whole = await sh.RunAsync("dd", stdin: "hello");

        AssertCopied(fromStdin, "3+0", "ijklmnopqrst");
        AssertCopied(fromPipe, "3+0", "ijklmnopqrst");
        AssertCopied(whole, "0+1", "hello");
    }

    [TestMethod]
    public async Task Dd_CountBeyondTheEnd_CopiesWhatThereIsAndCountsThePartialBlock()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", "0123456789"));

        var pastEnd = await sh.RunAsync("dd -if /f -bs 4 -count 5");
        var rest = await sh.RunAsync("dd -if /f -bs 4 -iseek 1");
        var offsetPastEnd = await sh.RunAsync("dd -if /f -bs 4 -iseek 9 -count 1");
        var none = await sh.RunAsync("dd -if /f -count 0");

        AssertCopied(pastEnd, "2+1", "0123456789");
        AssertCopied(rest, "1+1", "456789");
        AssertCopied(offsetPastEnd, "0+0", "");
        AssertCopied(none, "0+0", "");
    }

    [TestMethod]
    [DataRow("", 512)]
    [DataRow("-bs 100", 100)]
    [DataRow("-bs 1b", 512)]
    [DataRow("-bs 1k", 1024)]
    [DataRow("-bs 2x3", 6)]
    [DataRow("-bs 1kx2", 2048)]
    [DataRow("-bs 1m", 1024 * 1024)]
    public async Task Dd_BlockSize_TakesPlan9Suffixes(string bs, int expected)
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", new string('x', 2 * 1024 * 1024)));

        var r = await sh.RunAsync($"dd -if /f {bs} -count 1");

        AssertCopied(r, "1+0");
        Assert.AreEqual(expected, r.Out.Length);
    }

    // -of's old content (null: no such file) with /src ("xyz") written into it.
    [TestMethod]
    [DataRow("AAAABBBBCCCC", "-bs 4 -oseek 1", "0+1", "AAAAxyz", DisplayName = "-oseek keeps the prefix and ends after the new bytes")]
    [DataRow("AAAABBBBCCCC", "-bs 4 -oseek 1 -trunc 0", "0+1", "AAAAxyzBCCCC", DisplayName = "-trunc 0 overwrites in place, keeping the tail")]
    [DataRow("AAAABBBB", "", "0+1", "xyz", DisplayName = "without -oseek the file is replaced")]
    [DataRow("AAAABBBB", "-trunc 0", "0+1", "xyzABBBB", DisplayName = "without -oseek, -trunc 0 overwrites the start")]
    [DataRow("AB", "-bs 4 -oseek 1", "0+1", "AB\0\0xyz", DisplayName = "-oseek past the end pads with zero bytes")]
    [DataRow(null, "-bs 2 -oseek 1", "1+1", "\0\0xyz", DisplayName = "-oseek into a new file pads with zero bytes")]
    public async Task Dd_Of_WritesTheOldPrefixTheBlocksAndWithTrunc0TheOldTail(string? old, string args, string records, string expected)
    {
        var sh = await ShellHarness.WithMemoryRootAsync([("/src", "xyz"), .. old is null ? [] : new[] { ("/t", old) }]);

        AssertCopied(await sh.RunAsync($"dd -if /src -of /t {args}"), records, "");

        Assert.AreEqual(expected, await sh.Os.ReadAllTextAsync("/t"));
    }

    [TestMethod]
    public async Task Dd_StdinToOf_WritesTheFileAndNothingToStdout()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/t", "old content"));

        var r = await sh.RunAsync("dd -of /t -bs 2 -count 2", stdin: "hello");

        AssertCopied(r, "2+0", "");
        Assert.AreEqual("hell", await sh.Os.ReadAllTextAsync("/t"));
    }

    [TestMethod]
    public async Task Dd_SameFileInAndOut_ReadsTheOldContent()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/t", "AAAABBBBCCCC"));

        AssertCopied(await sh.RunAsync("dd -if /t -of /t -bs 4 -iseek 1"), "2+0");

        Assert.AreEqual("BBBBCCCC", await sh.Os.ReadAllTextAsync("/t"));
    }

    [TestMethod]
    [DataRow("-bs 0", "-bs must be at least 1")]
    [DataRow("-bs x", "invalid -bs 'x'")]
    [DataRow("-bs ''", "invalid -bs ''")]
    [DataRow("-count -1", "invalid -count '-1'")]
    [DataRow("-iseek 2q", "invalid -iseek '2q'")]
    [DataRow("-bs 2x", "invalid -bs '2x'")]
    [DataRow("-trunc no", "invalid -trunc 'no'")]
    [DataRow("-count 99999999999999999999", "-count 99999999999999999999 is out of range")]
    [DataRow("-bs 8gx8gx8g", "-bs 8gx8gx8g is out of range")]
    [DataRow("-bs 1g -iseek 16g", "-iseek 16g blocks of 1073741824 bytes is out of range")]
    [DataRow("-bs 1g -oseek 16g", "-oseek 16g blocks of 1073741824 bytes is out of range")]
    [DataRow("-bs 1g -count 16g", "-count 16g blocks of 1073741824 bytes is out of range")]
    [DataRow("-size 1", "unknown flag -size")]
    [DataRow("-bs", "flag -bs needs a value")]
    [DataRow("/f", "unexpected argument '/f'")]
    public async Task Dd_BadArguments_UsageErrorAndTargetUnchanged(string args, string error)
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", Alphabet), ("/t", "keep"));

        var r = await sh.RunAsync($"dd -if /f -of /t {args}");

        r.AssertFails($"nsh: dd: {error}\n{Usage}");
        Assert.AreEqual("keep", await sh.Os.ReadAllTextAsync("/t"));
    }

    [TestMethod]
    public async Task Dd_OseekWithoutOf_UsageError()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", Alphabet));

        (await sh.RunAsync("dd -if /f -oseek 1")).AssertFails($"nsh: dd: -oseek needs -of\n{Usage}");
    }

    [TestMethod]
    [DataRow("-if /nope -of /t", "/nope: file not found")]
    [DataRow("-if /d -of /t", "/d: is a directory")]
    [DataRow("-if /d -of /t -oseek 1 -trunc 0", "/d: is a directory")]
    [DataRow("-if /f -of /d", "/d: is a directory")]
    [DataRow("-if /f -of /d -oseek 1", "/d: is a directory")]
    [DataRow("-if /f -of /nodir/t", "/nodir: file not found")]
    public async Task Dd_PathErrors_OneLineAndTargetUnchanged(string args, string error)
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", Alphabet), ("/t", "keep"), ("/d/x", "x"));

        var r = await sh.RunAsync($"dd {args}");

        r.AssertFails($"nsh: dd: {error}\n");
        Assert.AreEqual("", r.Out);
        Assert.AreEqual("keep", await sh.Os.ReadAllTextAsync("/t"));
    }

    [TestMethod]
    public async Task Dd_BytesThatAreNotUtf8_SurviveByteForByte()
    {
        byte[] bytes = [.. Enumerable.Range(0, 256).Select(i => (byte)(255 - i))];
        var sh = new ShellHarness();
        await sh.Os.MountAsync("/", MemoryFileSystem.FromFiles("root", [KeyValuePair.Create("/bin", bytes)]));

        var range = await sh.RunAsync("dd -if /bin -bs 16 -iseek 1 -count 8");
        var piped = await sh.RunAsync("cat /bin | dd -bs 64 -iseek 3");
        var written = await sh.RunAsync("dd -of /copy -bs 100", bytes);

        AssertCopied(range, "8+0");
        CollectionAssert.AreEqual(bytes[16..144], range.OutBytes);
        AssertCopied(piped, "1+0");
        CollectionAssert.AreEqual(bytes[192..], piped.OutBytes);
        AssertCopied(written, "2+1");
        CollectionAssert.AreEqual(bytes, await sh.Os.ReadAllBytesAsync("/copy"));
    }

    [TestMethod]
    public async Task Dd_LocalFile_ReadsARangeAndPatchesInPlace()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("f"), Alphabet);
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t mem root /; mount -t local . /l")).AssertOk();

        var range = await sh.RunAsync("dd -if /l/f -bs 5 -iseek 2 -count 2");
        var patch = await sh.RunAsync("dd -of /l/f -bs 2 -oseek 1 -trunc 0", stdin: "XY");

        AssertCopied(range, "2+0", "klmnopqrst");
        AssertCopied(patch, "1+0");
        Assert.AreEqual("abXYefghijklmnopqrstuvwxyz", await File.ReadAllTextAsync(dir.Combine("f")));
    }

    [TestMethod]
    public async Task Dd_Quiet1_SaysNothing()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", Alphabet));

        Assert.AreEqual("abcd", (await sh.RunAsync("dd -if /f -bs 4 -count 1 -quiet 1")).AssertOk().Out);
    }

    [TestMethod]
    public async Task Help_Dd_ShowsTheUsage()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();

        StringAssert.StartsWith((await sh.RunAsync("help dd")).AssertOk().Out, Usage);
    }

    // A script that reads two KiB from the middle of the MiB at /m/data: its run (checked for dd's report) and the one
    // stream opened on the file.
    private static async Task<(RunResult Result, MeteredStream Read)> ReadMeteredRangeAsync(bool seekable, string script)
    {
        var file = new MeteredFileProvider(Mebibyte, seekable);
        var sh = await ShellHarness.WithMemoryRootAsync();
        await sh.Os.MountAsync("/m", file);
        var r = await sh.RunAsync(script);
        AssertCopied(r, "2+0");
        return (r, file.Opened.Single());
    }

    // dd's own report on stderr, Plan 9's: full+partial blocks in, and as many out (one block size for both).
    private static void AssertCopied(RunResult result, string records, string? stdout = null)
    {
        Assert.IsTrue(result.Success, $"status '{result.Status}', stderr: {result.Err}");
        Assert.AreEqual($"{records} records in\n{records} records out\n", result.Err);
        if (stdout is not null) Assert.AreEqual(stdout, result.Out);
    }
}
