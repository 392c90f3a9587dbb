using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>Deep recursion ends at the call-depth limit with one line, never in a stack overflow that aborts nsh.</summary>
[TestClass]
public sealed class RecursionTests
{
    private static async Task<NshProcess.Result> RunAsync(string commands)
    {
        using var dir = new TempDirectory();
        return await NshProcess.RunAsync(dir.Path, null, "-c", commands);
    }

    [TestMethod]
    public async Task EndlessFunction_StopsAtTheDepthLimitWithOneLineAndTheScriptGoesOn()
    {
        var result = await RunAsync("fn f { f }; f; echo status $status\necho after");
        Assert.AreEqual("nsh: f: too deeply nested (more than 10000 function calls and . files at once)\n", result.Stderr);
        Assert.AreEqual("status 1\nafter\n", result.Stdout, "the command that recursed fails; the next ones run");
        Assert.AreEqual(0, result.ExitCode);
    }

    [TestMethod]
    public async Task ScriptThatSourcesItself_StopsAtTheDepthLimit()
    {
        var result = await RunAsync("write /s.rc '. /s.rc'\n. /s.rc\necho after");
        Assert.AreEqual("nsh: .: too deeply nested (more than 10000 function calls and . files at once)\n", result.Stderr);
        Assert.AreEqual("after\n", result.Stdout);
    }

    [TestMethod]
    public async Task FiveThousandNestedCalls_Work()
    {
        // f1 calls f2 ... calls f5000.
        var script = string.Concat(Enumerable.Range(1, 4999).Select(i => $"fn f{i} {{ f{i + 1} }}\n")) + "fn f5000 { echo bottom }\nf1\n";
        var result = await RunAsync(script);
        Assert.AreEqual("", result.Stderr);
        Assert.AreEqual("bottom\n", result.Stdout);
    }
}
