namespace Namespace.Shell.Tests.Execution;

/// <summary>Pipes end as in Unix: the left side stops once the right side has exited (docs/nsh.md, "Pipes").</summary>
[TestClass]
public sealed class PipelineTests
{
    // Long enough for a slow machine; a producer that never stops is cancelled then, and the test fails.
    private static CancellationTokenSource Guard() => new(TimeSpan.FromSeconds(20));

    [TestMethod]
    public async Task Pipe_EndlessEchoLoopIntoHead_EndsWhenHeadHasExited()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        using var guard = Guard();
        var result = await sh.RunAsync("{ while(true) echo y } | head -n 3; echo after", cancellationToken: guard.Token);
        Assert.AreEqual("y\ny\ny\nafter\n", result.AssertOk().Out);
    }

    [TestMethod]
    public async Task Pipe_EndlessCatLoopIntoHead_EndsWhenHeadHasExited()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", "line\n"));
        using var guard = Guard();
        var result = await sh.RunAsync("{ while(true) cat /f } | head -n 2", cancellationToken: guard.Token);
        Assert.AreEqual("line\nline\n", result.AssertOk().Out);
    }

    [TestMethod]
    public async Task Pipe_ReaderGoneInsideANestedPipeline_StopsTheOuterLoopToo()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        using var guard = Guard();
        var result = await sh.RunAsync("{ while(true) echo y | cat } | head -n 2", cancellationToken: guard.Token);
        Assert.AreEqual("y\ny\n", result.AssertOk().Out);
    }

    [TestMethod]
    public async Task Pipe_ReaderGone_CommandsAfterTheLoopInTheSameStageDoNotRun()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        using var guard = Guard();
        var result = await sh.RunAsync("{ while(true) echo y; write /after x } | head -n 1", cancellationToken: guard.Token);
        Assert.AreEqual("y\n", result.AssertOk().Out);
        Assert.IsFalse((await sh.RunAsync("test -e /after")).Success, "the stage ended where its reader went away, as SIGPIPE ends a process");
    }
}
