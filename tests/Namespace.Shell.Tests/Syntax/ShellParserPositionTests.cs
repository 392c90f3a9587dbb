using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>Every node carries the file, line and column where it starts.</summary>
[TestClass]
public sealed class ShellParserPositionTests
{
    private static SourcePosition At(int line, int column) => new("pos.rc", line, column);

    [TestMethod]
    public void Parse_SimpleCommandWords_HaveLineAndColumn()
    {
        var script = ShellParser.Parse("echo  'q' $x\n\tls a$b", "pos.rc");

        var first = (SimpleCommand)script.Commands[0];
        Assert.AreEqual(At(1, 1), first.Position);
        Assert.AreEqual(At(1, 1), first.Words[0].Position);
        Assert.AreEqual(At(1, 7), first.Words[1].Position);
        Assert.AreEqual(At(1, 11), first.Words[2].Position);
        var variable = (VariableWord)first.Words[2];
        Assert.AreEqual(At(1, 12), variable.Name.Position);

        var second = (SimpleCommand)script.Commands[1];
        Assert.AreEqual(At(2, 2), second.Position);
        var concatenation = (ConcatenationWord)second.Words[1];
        Assert.AreEqual(At(2, 5), concatenation.Position);
        Assert.AreEqual(At(2, 6), concatenation.Parts[1].Position);
    }

    [TestMethod]
    public void Parse_CompoundCommands_StartAtTheirKeyword()
    {
        const string text = "x=1\nfor(i in a) {\n  if(~ $i a) echo $i\n}\nfn f { ls }\nswitch(a){\ncase a\n}\n";

        var script = ShellParser.Parse(text, "pos.rc");

        var assignment = (AssignmentCommand)script.Commands[0];
        Assert.AreEqual(At(1, 1), assignment.Position);
        Assert.AreEqual(At(1, 3), assignment.Assignments[0].Value.Position);
        var loop = (ForCommand)script.Commands[1];
        Assert.AreEqual(At(2, 1), loop.Position);
        Assert.AreEqual(At(2, 5), loop.Variable.Position);
        Assert.AreEqual(At(2, 10), loop.Items![0].Position);
        var block = (BlockCommand)loop.Body;
        Assert.AreEqual(At(2, 13), block.Position);
        var conditional = (IfCommand)block.Commands[0];
        Assert.AreEqual(At(3, 3), conditional.Position);
        Assert.AreEqual(At(3, 6), conditional.Condition[0].Position);
        Assert.AreEqual(At(3, 14), conditional.Body.Position);
        var function = (FunctionDefinitionCommand)script.Commands[2];
        Assert.AreEqual(At(5, 1), function.Position);
        Assert.AreEqual(At(5, 4), function.Name.Position);
        Assert.AreEqual(At(5, 6), function.Body.Position);
        var choice = (SwitchCommand)script.Commands[3];
        Assert.AreEqual(At(6, 1), choice.Position);
        Assert.AreEqual(At(7, 1), choice.Cases[0].Position);
    }

    [TestMethod]
    public void Parse_OperatorsAndRedirections_HavePositions()
    {
        var script = ShellParser.Parse("a | b >[2=1] && c > f", "pos.rc");

        var and = (AndCommand)script.Commands[0];
        Assert.AreEqual(At(1, 1), and.Position);
        var pipeline = (PipelineCommand)and.Left;
        Assert.AreEqual(At(1, 3), pipeline.Links[0].Position);
        var b = (SimpleCommand)pipeline.Stages[1];
        Assert.AreEqual(At(1, 7), b.Redirections[0].Position);
        var c = (SimpleCommand)and.Right;
        Assert.AreEqual(At(1, 17), c.Position);
        var target = ((FileRedirection)c.Redirections[0]).Target;
        Assert.AreEqual(At(1, 21), target.Position);
    }

    [TestMethod]
    public void Parse_AfterQuotedNewlineAndContinuation_LinesKeepCounting()
    {
        var script = ShellParser.Parse("echo 'a\nb' \\\n  c\nd", "pos.rc");

        var first = (SimpleCommand)script.Commands[0];
        Assert.AreEqual(At(3, 3), first.Words[2].Position);
        Assert.AreEqual(At(4, 1), script.Commands[1].Position);
    }

    [TestMethod]
    public void Parse_SurrogatePair_CountsAsOneColumn()
    {
        var script = ShellParser.Parse("echo 😀 x", "pos.rc");

        Assert.AreEqual(At(1, 8), ((SimpleCommand)script.Commands[0]).Words[2].Position);
    }

    [TestMethod]
    public void Parse_FileName_IsCarriedIntoEveryPosition()
    {
        var script = ShellParser.Parse("echo a", "lib/startup.rc");

        Assert.AreEqual("lib/startup.rc", script.Position.File);
        Assert.AreEqual("lib/startup.rc:1:6", ((SimpleCommand)script.Commands[0]).Words[1].Position.ToString());
    }
}
