namespace Namespace.Shell.Tests.Execution;

/// <summary>The language running: variables, lists, control flow, functions, redirections, substitution, globs.</summary>
[TestClass]
public sealed class LanguageExecutionTests
{
    [TestMethod]
    public async Task Variables_ListsCountsSubscriptsAndFlatten()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var r = await sh.RunAsync("x=(a b c); echo $#x $x(2) $\"x; y=(); echo $#y; z=$x^.c; echo $z; echo pre-$x");
        Assert.AreEqual("3 b a b c\n0\na.c b.c c.c\npre-a pre-b pre-c\n", r.AssertOk().Out);
    }

    [TestMethod]
    public async Task Concatenation_Errors_AreRcs()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        (await sh.RunAsync("x=(a b); y=(1 2 3); echo $x^$y")).AssertFails("nsh: test.rc:1:29: mismatched list lengths in concatenation\n");
        (await sh.RunAsync("e=(); echo a^$e")).AssertFails("nsh: test.rc:1:14: null list in concatenation\n");
    }

    [TestMethod]
    public async Task Status_IfNotAndOrBang()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/f", "x"));
        var r = await sh.RunAsync("if(test -e /nope) echo yes\nif not echo no\ntest -e /f && echo and\ntest -e /nope || echo or\n! test -e /nope && echo bang\nfalse; echo $status; true; echo '['$status']'");
        Assert.AreEqual("no\nand\nor\nbang\n1\n[]\n", r.Out);
    }

    [TestMethod]
    public async Task IfNot_AsItsOwnCommandAfterAnIf_UsesThatIf()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        (await sh.RunAsync("if(false) echo yes")).AssertOk();
        Assert.AreEqual("no\n", (await sh.RunAsync("if not echo no")).AssertOk().Out);
        (await sh.RunAsync("if(true) echo yes")).AssertOk();
        Assert.AreEqual("", (await sh.RunAsync("if not echo no")).Out);
        (await sh.RunAsync("echo between")).AssertOk();
        StringAssert.Contains((await sh.RunAsync("if not echo no")).Err, "'if not' does not follow");
    }

    [TestMethod]
    public async Task Pipeline_Status_JoinsFailures()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        Assert.AreEqual("1|\n", (await sh.RunAsync("false | true; echo $status")).Out);
    }

    [TestMethod]
    public async Task ForWhileSwitchMatch_Work()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var r = await sh.RunAsync("""
            for(i in 1 2 3) echo -n $i
            echo
            n=()
            while(! ~ $#n 3) n=($n x)
            echo $#n
            switch(foo.c) {
            case *.h
                echo header
            case *.c
                echo source
            }
            ~ abc 'a*' || echo quoted-star-is-literal
            ~ abc a* && echo glob
            """);
        Assert.AreEqual("123\n3\nsource\nquoted-star-is-literal\nglob\n", r.AssertOk().Out);
    }

    [TestMethod]
    public async Task Functions_ArgumentsAreLocal()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var r = await sh.RunAsync("fn greet { echo hello $1 from $#* }\ngreet world x\necho outside $#*\nfn greet\ngreet again");
        Assert.AreEqual("hello world from 2\noutside 0\n", r.Out);
        Assert.AreEqual("nsh: greet: command not found (try help)\n", r.Err);
    }

    [TestMethod]
    public async Task LocalAssignment_OnlyForTheCommand()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        Assert.AreEqual("inner\nouter\n", (await sh.RunAsync("x=outer; fn show { echo $x }; x=inner show; show")).Out);
    }

    [TestMethod]
    public async Task Redirections_IntoAndOutOfTheNamespace()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var r = await sh.RunAsync("echo one > /f; echo two >> /f; cat < /f; cat /missing >[2] /err; cat /err; ls /missing >[2=1] >/both; cat /both");
        Assert.AreEqual("one\ntwo\nnsh: cat: /missing: file not found\nnsh: ls: /missing: file not found\n", r.Out);
        Assert.AreEqual("", r.Err);
        (await sh.RunAsync("echo x > /no/dir/f")).AssertFails("nsh: /no/dir: file not found\n");
        (await sh.RunAsync("cat < /nothing")).AssertFails("nsh: /nothing: file not found\n");
    }

    [TestMethod]
    public async Task CommandSubstitutionAndGlobs_ExpandFromTheNamespace()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/d/a.txt", "1"), ("/d/b.txt", "2"), ("/d/c.md", "3"), ("/d/.hidden.txt", "h"));
        Assert.AreEqual("/d/a.txt /d/b.txt\n", (await sh.RunAsync("echo /d/*.txt")).AssertOk().Out);
        Assert.AreEqual("a.txt b.txt c.md\n", (await sh.RunAsync("cd /d; echo *")).Out);
        Assert.AreEqual("/d/*.none\n", (await sh.RunAsync("echo /d/*.none")).Out, "no match leaves the word");
        Assert.AreEqual("4 files\n", (await sh.RunAsync("x=`{ls /d}; echo $#x files")).Out, "ls shows dot files, as Plan 9 does");
        Assert.AreEqual("12\n", (await sh.RunAsync("cat /d/?.txt; echo")).Out);
    }

    [TestMethod]
    public async Task SyntaxError_ReportsPositionAndRunsNothing()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var r = await sh.RunAsync("write /f x\nif(true { echo }");
        Assert.AreEqual("syntax error", r.Status);
        StringAssert.StartsWith(r.Err, "nsh: test.rc:2:");
        Assert.AreEqual("nsh: cat: /f: file not found\n", (await sh.RunAsync("cat /f")).Err);
    }

    [TestMethod]
    public async Task Source_RunsNamespaceScriptWithArgs()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/lib.rc", "fn hi { echo hi $1 }\necho sourced $1\n"));
        Assert.AreEqual("sourced arg\nhi there\n", (await sh.RunAsync(". /lib.rc arg; hi there")).AssertOk().Out);
    }

    [TestMethod]
    public async Task Exit_StopsTheScript()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var e = await Assert.ThrowsExactlyAsync<Namespace.Shell.Execution.ShellExitException>(() => sh.RunAsync("echo a; exit 4; echo b"));
        Assert.AreEqual("4", e.Status);
    }

    [TestMethod]
    public async Task Cancellation_StopsALongCommand_ShellStaysUsable()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        using var cts = new CancellationTokenSource();
        // Like Ctrl+C: the cancel comes from another thread while the loop runs.
        var loop = Task.Run(() => sh.RunAsync("while(true) write -a /tick x", cancellationToken: cts.Token));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await sh.Os.ExistsAsync("/tick") && !guard.IsCancellationRequested) await Task.Yield();
        cts.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => loop);
        Assert.IsFalse(guard.IsCancellationRequested);
        Assert.AreEqual("ok\n", (await sh.RunAsync("echo ok")).AssertOk().Out);
    }

    [TestMethod]
    public async Task UnknownCommand_SaysSo()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        (await sh.RunAsync("frobnicate x")).AssertFails("nsh: frobnicate: command not found (try help)\n");
    }

    [TestMethod]
    public async Task Help_ListsEveryBuiltinAndUsage()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var all = (await sh.RunAsync("help")).AssertOk().Out;
        foreach (var name in sh.Session.Builtins.Keys) StringAssert.Contains(all, name + " ");
        Assert.AreEqual("usage: ls [-l] [-d] [path...]\n", (await sh.RunAsync("help ls")).Out.Split('\n')[0] + "\n");
    }

    [TestMethod]
    public async Task Return_LeavesTheFunctionWithAStatus()
    {
        var sh = await ShellHarness.WithMemoryRootAsync();
        var r = await sh.RunAsync("""
            fn f { echo in; return 3; echo not reached }
            f; echo $status
            fn g { for(i in 1 2 3) { echo $i; if(~ $i 2) return } }
            g; echo '['$status']'
            fn h { false; return }
            h; echo $status
            fn outer { h; echo outer goes on $status }
            outer
            """);
        Assert.AreEqual("in\n3\n1\n2\n[]\n1\nouter goes on 1\n", r.AssertOk().Out);
    }

    [TestMethod]
    public async Task Return_LeavesADotFileAndIsAnErrorOutsideBoth()
    {
        var sh = await ShellHarness.WithMemoryRootAsync(("/lib.rc", "echo a\nreturn 4\necho b\n"));
        Assert.AreEqual("a\n4\n", (await sh.RunAsync(". /lib.rc; echo $status")).AssertOk().Out);
        var outside = await sh.RunAsync("return 2; echo after");
        Assert.AreEqual("nsh: return: not in a function or . file\nusage: return [status]\n", outside.Err);
        Assert.AreEqual("after\n", outside.Out);
    }
}
