using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Nsh.LineEditing;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

namespace Nsh.Tests;

[TestClass]
public sealed class ReplCompleterTests
{
    private ShellSession _session = null!;
    private ReplCompleter _completer = null!;

    [TestInitialize]
    public async Task Setup()
    {
        _session = new ShellSession(new VirtualOS(new CacheLayer()), StandardBuiltins.All(), new MountTypeRegistry().AddCoreTypes(), Path.GetTempPath());
        _completer = new ReplCompleter(_session);
        await RunAsync("""
            mount -t mem m /mnt
            write /mnt/alpha.txt x
            mkdir /mnt/alps
            write /mnt/alps/inner x
            write '/mnt/my file' x
            write /mnt/.hidden x
            fn greet { echo hi }
            """);
    }

    private async Task RunAsync(string text)
    {
        var error = new MemoryStream();
        var status = await _session.RunAsync(text, "setup", new ShellIO(Stream.Null, Stream.Null, error));
        Assert.IsTrue(ShellStatus.IsSuccess(status), System.Text.Encoding.UTF8.GetString(error.ToArray()));
    }

    private async Task<IReadOnlyList<string>> CandidatesAsync(string line) => (await _completer.CompleteAsync(line, line.Length)).Candidates;

    [TestMethod]
    [DataRow("hel", "help")]
    [DataRow("echo a; hel", "help")]
    [DataRow("echo a | hea", "head")]
    [DataRow("true && hel", "help")]
    [DataRow("if(tes", "test")]
    [DataRow("if not hel", "help")]
    [DataRow("{ hel", "help")]
    [DataRow("gree", "greet")]
    public async Task CommandNamesCompleteWhereACommandStarts(string line, string expected) =>
        CollectionAssert.AreEqual(new[] { expected }, (await CandidatesAsync(line)).ToList());

    [TestMethod]
    public async Task AllBuiltinsAndFunctionsAreOfferedForAnEmptyCommand()
    {
        var all = await CandidatesAsync("");
        CollectionAssert.IsSubsetOf(new[] { "cat", "echo", "greet", "help", "history", "watch" }, all.ToList());
    }

    [TestMethod]
    [DataRow("cat /mnt/al", new[] { "/mnt/alpha.txt", "/mnt/alps/" })]
    [DataRow("cat /mnt/alph", new[] { "/mnt/alpha.txt" })]
    [DataRow("ls /mnt/alps/", new[] { "/mnt/alps/inner" })]
    [DataRow("cat /mnt/", new[] { "/mnt/alpha.txt", "/mnt/alps/", "/mnt/my file" })]
    [DataRow("cat /mnt/.h", new[] { "/mnt/.hidden" })]
    [DataRow("echo x >/mnt/alph", new[] { "/mnt/alpha.txt" })]
    [DataRow("x=/mnt/alph", new[] { "/mnt/alpha.txt" })]
    [DataRow("/mnt/alph", new[] { "/mnt/alpha.txt" })]
    [DataRow("cat '/mnt/my", new[] { "/mnt/my file" })]
    [DataRow("cat /nowhere/x", new string[0])]
    [DataRow("cat /mnt/alpha.txt/x", new string[0])]
    [DataRow("cat $home/x", new string[0])]
    [DataRow("cat /mnt/*", new string[0])]
    public async Task PathsCompleteFromTheNamespace(string line, string[] expected) =>
        CollectionAssert.AreEqual(expected, (await CandidatesAsync(line)).ToList());

    [TestMethod]
    public async Task RelativePathsCompleteFromTheCurrentDirectory()
    {
        await RunAsync("cd /mnt");
        CollectionAssert.AreEqual(new[] { "alpha.txt", "alps/" }, (await CandidatesAsync("cat al")).ToList());
        CollectionAssert.AreEqual(new[] { "alps/inner" }, (await CandidatesAsync("cat alps/i")).ToList());
    }

    [TestMethod]
    public async Task OnlyTheTextBeforeTheCursorCounts()
    {
        var completion = await _completer.CompleteAsync("cat /mnt/alph trailing", "cat /mnt/alph".Length);
        Assert.AreEqual(4, completion.Start);
        CollectionAssert.AreEqual(new[] { "/mnt/alpha.txt" }, completion.Candidates.ToList());
    }

    [TestMethod]
    public async Task NamesThatNeedQuotesAreQuoted()
    {
        var completion = await _completer.CompleteAsync("cat /mnt/my", "cat /mnt/my".Length);
        Assert.AreEqual("'/mnt/my file'", completion.Render(completion.Candidates.Single(), final: true));
        Assert.AreEqual("'/mnt/my f", completion.Render("/mnt/my f", final: false));
        Assert.AreEqual("/mnt/alpha.txt", completion.Render("/mnt/alpha.txt", final: true));
    }

    [TestMethod]
    public async Task AFailingListingCompletesNothing()
    {
        _session.Os = new VirtualOS(new CacheLayer());
        await RunAsync("mount -t mem m /mnt");
        // The namespace changed under the completer (as rfork n does): it follows the session.
        Assert.AreEqual(0, (await CandidatesAsync("cat /mnt/al")).Count);
        Assert.AreEqual(0, (await CandidatesAsync("cat /mnt/alpha.txt/")).Count);
    }

    [TestMethod]
    public void PromptShowsTheDirectoryShortAndPendingUploadsWhenAny()
    {
        Assert.AreEqual("/tutorials; ", ReplPrompt.Text("/tutorials", UploadQueueCounts.None));
        Assert.AreEqual("/tutorials (3 pending); ", ReplPrompt.Text("/tutorials", new UploadQueueCounts(2, 1, 0, 0, 3)));
        Assert.AreEqual("/tutorials (1 conflict); ", ReplPrompt.Text("/tutorials", new UploadQueueCounts(0, 0, 0, 1, 0)));
        Assert.AreEqual("/tutorials (1 pending, 1 failed, 2 conflicts); ", ReplPrompt.Text("/tutorials", new UploadQueueCounts(1, 0, 1, 2, 0)));
        var deep = "/a/very/long/path/that/goes/on/and/on/for/ever/and/ever";
        var text = ReplPrompt.Text(deep, UploadQueueCounts.None);
        Assert.IsTrue(text.Length <= ReplPrompt.MaxDirectoryWidth + 2, text);
        StringAssert.StartsWith(text, "…");
        StringAssert.EndsWith(text, "and/ever; ");
    }
}
