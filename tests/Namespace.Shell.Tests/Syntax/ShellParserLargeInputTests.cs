using System.Text;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>Large inputs parse correctly (no timing assertions: correctness only).</summary>
[TestClass]
public sealed class ShellParserLargeInputTests
{
    [TestMethod]
    public void Parse_TenThousandLineScript_ParsesEveryCommand()
    {
        var builder = new StringBuilder();
        for (var i = 1; i <= 10_000; i++)
        {
            builder.Append((i % 5) switch
            {
                0 => $"x{i}=(a b {i})",
                1 => $"echo line {i} $x{i - 1}(1) 'q''{i}'",
                2 => $"if(~ $i {i}) echo yes >[2=1] | wc",
                3 => $"for(f in a b) {{ cat $f >>/tmp/{i} }}",
                _ => $"# comment {i}",
            });
            builder.Append('\n');
        }

        var script = ShellParser.Parse(builder.ToString(), "big.rc");

        Assert.HasCount(8_000, script.Commands);
        Assert.IsInstanceOfType<AssignmentCommand>(script.Commands[^1]);
        Assert.AreEqual(new SourcePosition("big.rc", 10_000, 1), script.Commands[^1].Position);
        var lastEcho = (SimpleCommand)script.Commands[^4];
        Assert.AreEqual(9_996, lastEcho.Position.Line);
        Assert.AreEqual("'q''9996'", AstPrinter.Print(lastEcho.Words[^1]));
    }

    [TestMethod]
    public void Parse_VeryLongPipeline_IsFlatAndComplete()
    {
        var text = string.Join(" | ", Enumerable.Range(0, 10_000).Select(i => $"stage{i}"));

        var pipeline = (PipelineCommand)ShellParser.Parse(text, "big.rc").Commands[0];

        Assert.HasCount(10_000, pipeline.Stages);
        Assert.AreEqual("(simple stage9999)", AstPrinter.Print(pipeline.Stages[^1]));
    }

    [TestMethod]
    public void Parse_VeryLongWordAndConcatenation_Parse()
    {
        var longWord = new string('a', 200_000);
        var concatenation = string.Join("^", Enumerable.Repeat("$x", 10_000));

        var script = ShellParser.Parse($"echo {longWord} '{longWord}' {concatenation}", "big.rc");

        var words = ((SimpleCommand)script.Commands[0]).Words;
        Assert.AreEqual(200_000, ((LiteralWord)words[1]).Text.Length);
        Assert.HasCount(10_000, ((ConcatenationWord)words[3]).Parts);
    }
}
