using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>The public entry points: argument checks, thread safety, options.</summary>
[TestClass]
public sealed class ShellParserApiTests
{
    [TestMethod]
    public void Parse_NullArguments_Throw()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => ShellParser.Parse(null!, "f"));
        Assert.ThrowsExactly<ArgumentNullException>(() => ShellParser.Parse("echo", null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => ShellParser.IsIncomplete(null!));
    }

    [TestMethod]
    public async Task Parse_ConcurrentCalls_GiveIdenticalTrees()
    {
        const string text = "if not echo no\nfor(i in a b) { x=$i^.c; ~ $x *.c && echo $x | wc >[2=1] }\nif(a) b; if not c";
        var options = new ShellParserOptions { AllowLeadingIfNot = true };
        var expected = AstPrinter.Print(ShellParser.Parse(text, "c.rc", options));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            string.Join("\n", Enumerable.Range(0, 50).Select(_ => AstPrinter.Print(ShellParser.Parse(text, "c.rc", options)))))));

        foreach (var result in results)
        {
            Assert.IsTrue(result.Split('\n').All(line => line == expected));
        }
    }

    [TestMethod]
    public void Parse_MaxNestingDepthOption_IsHonoured()
    {
        // The budget counts parser recursion: a brace level uses two units, a word one.
        var options = new ShellParserOptions { MaxNestingDepth = 8 };

        var error = Assert.ThrowsExactly<ShellSyntaxException>(() => ShellParser.Parse("{{{{{{{a}}}}}}}", "n.rc", options));

        Assert.AreEqual("nesting too deep", error.Reason);
        Assert.HasCount(1, ShellParser.Parse("{{a}}", "n.rc", options).Commands);
    }

    [TestMethod]
    public void ShellSyntaxException_Message_IsFileLineColumnReason()
    {
        var exception = new ShellSyntaxException(new SourcePosition("x.rc", 4, 2), "expected word");

        Assert.AreEqual("x.rc:4:2: expected word", exception.Message);
        Assert.IsFalse(exception.IsIncomplete);
    }
}
