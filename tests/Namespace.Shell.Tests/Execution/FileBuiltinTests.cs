namespace Namespace.Shell.Tests.Execution;

/// <summary>The file builtins through the real executor over memfs: output, errors and $status.</summary>
[TestClass]
public sealed class FileBuiltinTests
{
    [TestMethod]
    public async Task Ls_Directory_SortedWithSlashes()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/d/b", "b"), ("/d/a", "a"), ("/d/sub/x", "x"));
        Assert.AreEqual("a\nb\nsub/\n", (await sh.RunAsync("ls /d")).AssertOk().Out);
        Assert.AreEqual("a\nb\nsub/\n", (await sh.RunAsync("cd /d; ls")).AssertOk().Out);
        Assert.AreEqual("/d/a\n/d/b\n/d/sub/\n/d/sub/x\n", (await sh.RunAsync("ls /d /d/sub")).AssertOk().Out);
    }

    [TestMethod]
    public async Task Ls_Long_ShowsModeSizeUtcTimeAndState()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/d/file", "12345"));
        var line = (await sh.RunAsync("ls -l /d")).AssertOk().Out.TrimEnd('\n');
        StringAssert.Matches(line, new System.Text.RegularExpressions.Regex(@"^-rw-r--r-- +5 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ -  +file$"));
        StringAssert.StartsWith((await sh.RunAsync("ls -ld /d")).Out, "drwxr-xr-x");
    }

    [TestMethod]
    public async Task Ls_Missing_ReportsAndContinues()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/a", "a"));
        var r = await sh.RunAsync("ls /nope /a");
        r.AssertFails("nsh: ls: /nope: file not found\n");
        Assert.AreEqual("/a\n", r.Out);
        Assert.AreEqual("1", r.Status);
    }

    [TestMethod]
    public async Task WriteAndCat_WordsAndStdin_RoundTrip()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        (await sh.RunAsync("write /f hello   world")).AssertOk();
        Assert.AreEqual("hello world\n", (await sh.RunAsync("cat /f")).AssertOk().Out);
        (await sh.RunAsync("write /g", stdin: "from stdin\nline 2\n")).AssertOk();
        Assert.AreEqual("from stdin\nline 2\n", (await sh.RunAsync("cat /g")).Out);
        (await sh.RunAsync("write -a /g more")).AssertOk();
        Assert.AreEqual("from stdin\nline 2\nmore\nhello world\n", (await sh.RunAsync("cat /g /f")).Out);
        Assert.AreEqual("piped\n", (await sh.RunAsync("cat", stdin: "piped\n")).Out);
    }

    [TestMethod]
    public async Task Cat_Missing_ErrorNamesCommandPathReason()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/a", "A"));
        var r = await sh.RunAsync("cat /a /missing /a");
        r.AssertFails("nsh: cat: /missing: file not found\n");
        Assert.AreEqual("AA", r.Out);
        (await sh.RunAsync("mkdir /d; cat /d")).AssertFails("nsh: cat: /d: is a directory\n");
    }

    [TestMethod]
    public async Task Write_NoPath_UsageError()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        (await sh.RunAsync("write")).AssertFails("nsh: write: missing path\nusage: write [-a] path [word...]\n");
        (await sh.RunAsync("write /no/dir/f x")).AssertFails("nsh: write: /no/dir: file not found\n");
    }

    [TestMethod]
    public async Task MkdirRmTest_PathsAndStatuses()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        (await sh.RunAsync("mkdir /a; mkdir -p /b/c/d; test -d /b/c/d")).AssertOk();
        (await sh.RunAsync("mkdir /a")).AssertFails("nsh: mkdir: /a: file exists\n");
        (await sh.RunAsync("mkdir /x/y")).AssertFails("nsh: mkdir: /x: file not found\n");
        (await sh.RunAsync("write /b/c/d/f x; rm /b")).AssertFails("nsh: rm: /b: directory not empty\n");
        (await sh.RunAsync("rm -r /b; test -e /b")).AssertFails("");
        (await sh.RunAsync("rm /b")).AssertFails("nsh: rm: /b: file not found\n");
        (await sh.RunAsync("rm -f /b")).AssertOk();
        (await sh.RunAsync("rm -z /a")).AssertFails("nsh: rm: unknown flag -z\nusage: rm [-r] [-f] path...\n");
    }

    [TestMethod]
    public async Task Test_Kinds_SetStatus()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", "x"));
        Assert.IsTrue((await sh.RunAsync("test -f /f")).Success);
        Assert.IsFalse((await sh.RunAsync("test -d /f")).Success);
        Assert.IsTrue((await sh.RunAsync("test -d /")).Success);
        Assert.IsFalse((await sh.RunAsync("test -e /nothing")).Success);
        (await sh.RunAsync("test -q /f")).AssertFails("nsh: test: expected -e, -f, -d or -L and one path\nusage: test -e|-f|-d|-L path\n");
    }

    [TestMethod]
    public async Task MvCp_IntoDirectoriesAndAcrossProviders()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/a", "A"), ("/dir/keep", "k"));
        (await sh.RunAsync("mount -t mem other /o; mv /a /dir; cat /dir/a")).AssertOk();
        (await sh.RunAsync("cp -r /dir /o/copy; cat /o/copy/a /o/copy/keep")).AssertOk();
        Assert.AreEqual("Ak", (await sh.RunAsync("cat /o/copy/a /o/copy/keep")).Out);
        (await sh.RunAsync("mv /dir/keep /o/moved")).AssertOk();
        Assert.AreEqual("k", (await sh.RunAsync("cat /o/moved")).Out);
        (await sh.RunAsync("test -e /dir/keep")).AssertFails("");
        (await sh.RunAsync("cp /dir /o/x")).AssertFails("nsh: cp: /dir: is a directory\n");
        (await sh.RunAsync("mv /missing /o")).AssertFails("nsh: mv: /missing: file not found\n");
        (await sh.RunAsync("mv /dir/a /o/moved /nodir")).AssertFails("nsh: mv: /nodir: not a directory (several sources need a directory)\nusage: mv source... destination\n");
    }

    [TestMethod]
    public async Task Stat_ShowsEntry()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", "hello"));
        var r = (await sh.RunAsync("cd /; stat f")).AssertOk();
        StringAssert.Contains(r.Out, "path: /f\nkind: file\nsize: 5\nmode: -rw-r--r--\n");
        StringAssert.Contains(r.Out, "served by: mem:root\n");
        (await sh.RunAsync("stat /nope")).AssertFails("nsh: stat: /nope: file not found\n");
    }

    [TestMethod]
    public async Task Touch_CreatesEmptyLeavesExisting()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", "keep"));
        (await sh.RunAsync("touch /f /new")).AssertOk();
        Assert.AreEqual("keep", (await sh.RunAsync("cat /f /new")).Out);
        Assert.AreEqual("0 0 0 /new\n", (await sh.RunAsync("wc /new")).Out);
    }

    [TestMethod]
    public async Task HeadTailWcGrep_FilesAndPipes()
    {
        var lines = string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n"));
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", lines));
        Assert.AreEqual("line 1\nline 2\n", (await sh.RunAsync("head -n 2 /f")).AssertOk().Out);
        Assert.AreEqual(string.Concat(Enumerable.Range(21, 10).Select(i => $"line {i}\n")), (await sh.RunAsync("tail /f")).Out);
        Assert.AreEqual("30 60 231 /f\n", (await sh.RunAsync("wc /f")).Out);
        Assert.AreEqual("30\n", (await sh.RunAsync("cat /f | wc -l")).Out);
        Assert.AreEqual("line 3\nline 30\n", (await sh.RunAsync("grep '^line 3' /f")).Out);
        Assert.AreEqual("3:line 3\n", (await sh.RunAsync("grep -n '3$' /f | head -n 1")).Out);
        Assert.AreEqual("12\n", (await sh.RunAsync("grep -c 2 /f")).Out);
        Assert.IsFalse((await sh.RunAsync("grep nomatch /f")).Success);
    }

    [TestMethod]
    public async Task Grep_InvalidPattern_SaysWhy()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", "x\n"));
        var r = await sh.RunAsync("grep '(' /f");
        StringAssert.StartsWith(r.Err, "nsh: grep: invalid pattern:");
        Assert.IsFalse(r.Success);
    }

    [TestMethod]
    public async Task Pipe_LargeStream_FlowsWithoutBufferingWhole()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var big = new string('x', 1000) + "\n";
        (await sh.RunAsync("write /big", stdin: string.Concat(Enumerable.Repeat(big, 5000)))).AssertOk();
        Assert.AreEqual("5000\n", (await sh.RunAsync("cat /big | cat | wc -l")).AssertOk().Out);
        Assert.AreEqual(big, (await sh.RunAsync("cat /big | head -n 1")).AssertOk().Out, "head ending early stops cat quietly");
    }

    [TestMethod]
    public async Task CdPwd_RelativePaths()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/a/b/f", "x"));
        Assert.AreEqual("/a/b\n", (await sh.RunAsync("cd /a; cd b; pwd")).AssertOk().Out);
        (await sh.RunAsync("cd f")).AssertFails("nsh: cd: /a/b/f: not a directory\n");
        (await sh.RunAsync("cd /nope")).AssertFails("nsh: cd: /nope: file not found\n");
        Assert.AreEqual("/\n", (await sh.RunAsync("cd; pwd")).Out);
    }

    [TestMethod]
    public async Task CpR_DirectorySymlinkInTheTree_IsNotFollowedButWarned()
    {
        using var dir = new Namespace.Testing.TempDirectory();
        Directory.CreateDirectory(dir.Combine("src/sub"));
        File.WriteAllText(dir.Combine("src/a.txt"), "a");
        File.WriteAllText(dir.Combine("src/sub/b.txt"), "b");
        File.CreateSymbolicLink(dir.Combine("src/self"), ".");
        File.CreateSymbolicLink(dir.Combine("src/alsosub"), "sub");
        File.CreateSymbolicLink(dir.Combine("src/flink"), "a.txt");
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t local . /h")).AssertOk();

        var result = await sh.RunAsync("cp -r /h/src /h/dst");
        Assert.IsTrue(result.Success, result.Err);
        Assert.AreEqual(
            "nsh: cp: warning: /h/src/alsosub: symbolic link to a directory: not followed\n" +
            "nsh: cp: warning: /h/src/self: symbolic link to a directory: not followed\n", result.Err);
        CollectionAssert.AreEqual(new[] { "a.txt", "flink", "sub" }, Directory.GetFileSystemEntries(dir.Combine("dst")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        Assert.AreEqual("a", File.ReadAllText(dir.Combine("dst/flink")), "a link to a file is copied as the file");
        Assert.AreEqual("b", File.ReadAllText(dir.Combine("dst/sub/b.txt")));
    }

    [TestMethod]
    public async Task LinksThatCannotBeFollowed_AreListedWithL_CopiedPastWithAWarning_AndRemovedAsLinks()
    {
        using var dir = new Namespace.Testing.TempDirectory();
        Directory.CreateDirectory(dir.Combine("src"));
        Directory.CreateDirectory(dir.Combine("outside"));
        File.WriteAllText(dir.Combine("outside/secret"), "secret");
        File.WriteAllText(dir.Combine("src/a.txt"), "a");
        File.CreateSymbolicLink(dir.Combine("src/escape"), "../outside/secret");
        File.CreateSymbolicLink(dir.Combine("src/gone"), "nothing");
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t local src /h")).AssertOk();

        var listed = (await sh.RunAsync("ls -l /h")).AssertOk().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(new[] { "-", "l", "l" }, listed.Select(l => l[..1]).ToArray(), string.Join('\n', listed));
        StringAssert.EndsWith(listed[1], " escape");
        (await sh.RunAsync("cat /h/escape")).AssertFails("nsh: cat: /h/escape: invalid path: symbolic link leads outside the mount's root\n");
        StringAssert.Contains((await sh.RunAsync("stat /h/escape")).AssertOk().Out, "kind: symbolic link\n");

        (await sh.RunAsync("mount -t mem copy /m")).AssertOk();
        var copied = await sh.RunAsync("cp -r /h /m/dst");
        Assert.IsTrue(copied.Success, copied.Err);
        Assert.AreEqual(
            "nsh: cp: warning: /h/escape: symbolic link that cannot be followed: not copied\n" +
            "nsh: cp: warning: /h/gone: symbolic link that cannot be followed: not copied\n", copied.Err);
        Assert.AreEqual("a.txt\n", (await sh.RunAsync("ls /m/dst")).AssertOk().Out);

        (await sh.RunAsync("rm /h/escape /h/gone")).AssertOk();
        Assert.AreEqual("a.txt\n", (await sh.RunAsync("ls /h")).AssertOk().Out);
        Assert.AreEqual("secret", File.ReadAllText(dir.Combine("outside/secret")));
    }

    [TestMethod]
    public async Task Test_FollowsLinksAsUnixTestDoes_AndDashLSaysWhatIsALink_AndDashFIsARegularFileOnly()
    {
        using var dir = new Namespace.Testing.TempDirectory();
        Directory.CreateDirectory(dir.Combine("src"));
        File.WriteAllText(dir.Combine("src/a.txt"), "a");
        File.CreateSymbolicLink(dir.Combine("src/toa"), "a.txt");
        File.CreateSymbolicLink(dir.Combine("src/gone"), "nothing");
        Namespace.Testing.HostFiles.MakeFifo(dir.Combine("src/pipe"));
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t local src /h")).AssertOk();

        async Task<bool> Holds(string test) => (await sh.RunAsync("test " + test)).Success;

        Assert.IsFalse(await Holds("-e /h/gone"), "a link to nothing: nothing there when followed");
        Assert.IsFalse(await Holds("-f /h/gone"));
        Assert.IsTrue(await Holds("-L /h/gone"), "but it is a link");
        Assert.IsTrue(await Holds("-e /h/toa"));
        Assert.IsTrue(await Holds("-f /h/toa"));
        Assert.IsTrue(await Holds("-L /h/toa"));
        Assert.IsFalse(await Holds("-L /h/a.txt"));
        Assert.IsTrue(await Holds("-e /h/pipe"));
        Assert.IsFalse(await Holds("-f /h/pipe"), "a FIFO is no regular file");
        Assert.IsFalse(await Holds("-L /h/nothing"));
    }
}
