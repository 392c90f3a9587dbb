using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>What the REPL asks: does this input need a continuation line?</summary>
[TestClass]
public sealed class ShellParserIncompleteTests
{
    [TestMethod]
    [DataRow("echo 'abc")]
    [DataRow("echo 'abc\n")]
    [DataRow("echo 'a''")]
    [DataRow("{ echo 'a")]
    [DataRow("{ echo")]
    [DataRow("{\n")]
    [DataRow("fn f {")]
    [DataRow("@{ rfork n")]
    [DataRow("echo `{ls")]
    [DataRow("if(a")]
    [DataRow("if(a)")]
    [DataRow("if(a)\n")]
    [DataRow("if(a) b; if not")]
    [DataRow("for(i in a b")]
    [DataRow("for(")]
    [DataRow("for(i\n")]
    [DataRow("for(i in a b)")]
    [DataRow("while(x)")]
    [DataRow("switch(x)")]
    [DataRow("switch(x){")]
    [DataRow("switch(x){case a")]
    [DataRow("echo (a b")]
    [DataRow("x=(")]
    [DataRow("echo $x(1")]
    [DataRow("a |")]
    [DataRow("a | ")]
    [DataRow("a |\n")]
    [DataRow("a | b |")]
    [DataRow("a &&")]
    [DataRow("a ||")]
    [DataRow("a &&\n\n")]
    [DataRow("echo a \\")]
    [DataRow("echo a\\")]
    [DataRow("echo a \\\n")]
    [DataRow("echo a \\\r\n")]
    public void IsIncomplete_InputEndingInsideAConstruct_IsTrue(string text)
    {
        Assert.IsTrue(ShellParser.IsIncomplete(text), text);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("echo a")]
    [DataRow("echo a\n")]
    [DataRow("echo a;")]
    [DataRow("echo a &")]
    [DataRow("{ echo a }")]
    [DataRow("'it''s'")]
    [DataRow("echo '\\'")]
    [DataRow("echo a # ( { '")]
    [DataRow("# comment ending in backslash \\")]
    [DataRow("echo a \\ b")]
    [DataRow("echo }")]
    [DataRow("echo a)")]
    [DataRow("{ echo )")]
    [DataRow("echo a >")]
    [DataRow("echo $")]
    [DataRow("x=")]
    [DataRow("!")]
    [DataRow("echo a(b)")]
    [DataRow("if not x")]
    [DataRow("a | | b")]
    [DataRow("{ echo >")]
    [DataRow("{ echo $")]
    [DataRow("{ echo a^")]
    [DataRow("{ !")]
    [DataRow("{ for")]
    public void IsIncomplete_CompleteOrBrokenInput_IsFalse(string text)
    {
        Assert.IsFalse(ShellParser.IsIncomplete(text), text);
    }

    [TestMethod]
    public void IsIncomplete_ContinuedInput_ParsesOnceCompleted()
    {
        var lines = new[] { "for(i in a", "  b) {", "echo 'x", "y' |", "  wc", "}" };
        var text = lines[0];
        for (var i = 1; i < lines.Length; i++)
        {
            Assert.IsTrue(ShellParser.IsIncomplete(text), text);
            text += "\n" + lines[i];
        }

        Assert.IsFalse(ShellParser.IsIncomplete(text));
        Assert.AreEqual(
            "(for i (a b) (block (pipe (simple echo 'x\ny') (simple wc))))",
            AstPrinter.Print(ShellParser.Parse(text, "stdin")));
    }

    [TestMethod]
    public void IsIncomplete_WhenTrue_ParseFailsWithAnIncompleteError()
    {
        foreach (var text in new[] { "{ echo", "a |", "echo 'x", "if(a)" })
        {
            var error = Assert.ThrowsExactly<ShellSyntaxException>(() => ShellParser.Parse(text, "stdin"));
            Assert.IsTrue(error.IsIncomplete, text);
        }
    }
}
