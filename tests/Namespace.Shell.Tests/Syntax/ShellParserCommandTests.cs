using Namespace.Shell.Syntax;
using static Namespace.Shell.Tests.Syntax.ParseHelper;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>Commands: separators, operators and their precedence, assignments, control flow, redirections.</summary>
[TestClass]
public sealed class ShellParserCommandTests
{
    [TestMethod]
    public void Parse_SemicolonsAndNewlines_SeparateCommands()
    {
        Assert.AreEqual("(simple a) (simple b) (simple c)", Tree("a; b\nc"));
    }

    [TestMethod]
    [DataRow(";")]
    [DataRow("a;;b")]
    [DataRow("\n\n;\n")]
    public void Parse_EmptyCommands_AreAllowed(string text)
    {
        // rc accepts ';', 'a;;b' and '&' alone.
        var script = ShellParser.Parse(text, FileName);

        Assert.AreEqual(text.Contains('a') ? 2 : 0, script.Commands.Count);
    }

    [TestMethod]
    public void Parse_Ampersand_RunsTheWholeCommandInBackground()
    {
        Assert.AreEqual("(bg (and (simple a) (simple b))) (simple c)", Tree("a && b & c"));
    }

    [TestMethod]
    public void Parse_Pipeline_FlattensStagesLeftToRight()
    {
        var pipeline = Assert.IsInstanceOfType<PipelineCommand>(Single("a | b | c"));

        Assert.HasCount(3, pipeline.Stages);
        Assert.HasCount(2, pipeline.Links);
        Assert.IsTrue(pipeline.Links.All(l => l.LeftFd == 1 && l.RightFd == 0));
        Assert.AreEqual("(pipe (simple a) (simple b) (simple c))", Tree("a | b | c"));
    }

    [TestMethod]
    public void Parse_PipeWithDescriptors_RecordsThem()
    {
        Assert.AreEqual("(pipe (simple a) |[2=0] (simple b) |[3=4] (simple c))", Tree("a |[2] b |[3=4] c"));
    }

    [TestMethod]
    [DataRow("a && b || c", "(or (and (simple a) (simple b)) (simple c))")]
    [DataRow("a || b && c", "(and (or (simple a) (simple b)) (simple c))")]
    [DataRow("a | b && c | d", "(and (pipe (simple a) (simple b)) (pipe (simple c) (simple d)))")]
    [DataRow("! a | b && c", "(and (not (pipe (simple a) (simple b))) (simple c))")]
    [DataRow("! a && b", "(and (not (simple a)) (simple b))")]
    [DataRow("a | ! b | c", "(pipe (simple a) (not (pipe (simple b) (simple c))))")]
    [DataRow("@ a | b", "(subshell (pipe (simple a) (simple b)))")]
    [DataRow("! ! a", "(not (not (simple a)))")]
    public void Parse_Operators_FollowRcPrecedence(string text, string expected)
    {
        // rc's syn.y: %left ANDAND OROR; %left BANG SUBSHELL; %left PIPE.
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("a &&\nb", "(and (simple a) (simple b))")]
    [DataRow("a ||\n\n b", "(or (simple a) (simple b))")]
    [DataRow("a |\nb", "(pipe (simple a) (simple b))")]
    public void Parse_NewlineAfterBinaryOperator_IsSkipped(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_Assignment_GivesAssignmentWithoutBody()
    {
        var command = Assert.IsInstanceOfType<AssignmentCommand>(Single("x=word"));

        Assert.IsNull(command.Body);
        Assert.HasCount(1, command.Assignments);
        Assert.AreEqual("x", command.Assignments[0].Name);
        Assert.AreEqual("word", Assert.IsInstanceOfType<LiteralWord>(command.Assignments[0].Value).Text);
    }

    [TestMethod]
    [DataRow("x=(a b)", "(assign (x (list a b)))")]
    [DataRow("x=()", "(assign (x (list)))")]
    [DataRow("x = 1", "(assign (x 1))")]
    [DataRow("x= 1", "(assign (x 1))")]
    [DataRow("x =1", "(assign (x 1))")]
    [DataRow("x=a y=b", "(assign (x a) (y b))")]
    [DataRow("x=$y^.c", "(assign (x (cat (var y) .c)))")]
    [DataRow("x=`{ls}", "(assign (x (subst (block (simple ls)))))")]
    [DataRow("x=a=b", "(assign (x (cat a = b)))")]
    [DataRow("*=(a b)", "(assign (* (list a b)))")]
    public void Parse_AssignmentForms_GiveNameAndValue(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("x=1 cmd $x", "(assign (x 1) (simple cmd (var x)))")]
    [DataRow("x=1 y=2 cmd", "(assign (x 1) (y 2) (simple cmd))")]
    [DataRow("x=1 a | b", "(assign (x 1) (pipe (simple a) (simple b)))")]
    [DataRow("x=1 a && b", "(and (assign (x 1) (simple a)) (simple b))")]
    [DataRow("x=1 {a}", "(assign (x 1) (block (simple a)))")]
    [DataRow("x=1 if(a) b", "(assign (x 1) (if ((simple a)) (simple b)))")]
    public void Parse_AssignmentPrefix_IsLocalToTheCommand(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_IfThenIfNot_GivesBothNodes()
    {
        var script = ShellParser.Parse("if(test -e f) echo yes\nif not echo no", FileName);

        Assert.HasCount(2, script.Commands);
        var ifCommand = Assert.IsInstanceOfType<IfCommand>(script.Commands[0]);
        Assert.HasCount(1, ifCommand.Condition);
        Assert.AreEqual("(simple test -e f)", AstPrinter.Print(ifCommand.Condition[0]));
        Assert.AreEqual("(simple echo yes)", AstPrinter.Print(ifCommand.Body));
        var ifNot = Assert.IsInstanceOfType<IfNotCommand>(script.Commands[1]);
        Assert.AreEqual("(simple echo no)", AstPrinter.Print(ifNot.Body));
    }

    [TestMethod]
    [DataRow("if(a; b) c", "(if ((simple a) (simple b)) (simple c))")]
    [DataRow("if (a) c", "(if ((simple a)) (simple c))")]
    [DataRow("if(a)\n\nc", "(if ((simple a)) (simple c))")]
    [DataRow("if(a) b && c", "(if ((simple a)) (and (simple b) (simple c)))")]
    [DataRow("if(a) b | c", "(if ((simple a)) (pipe (simple b) (simple c)))")]
    [DataRow("if(a) b; c", "(if ((simple a)) (simple b)) (simple c)")]
    [DataRow("if(a) {b\nc}", "(if ((simple a)) (block (simple b) (simple c)))")]
    [DataRow("if(~ $x a*) b", "(if ((match (var x) a*)) (simple b))")]
    [DataRow("if(a) b\nif not c\n", "(if ((simple a)) (simple b)) (ifnot (simple c))")]
    [DataRow("if(a) b; if not\n c", "(if ((simple a)) (simple b)) (ifnot (simple c))")]
    [DataRow("if(a) b\n# comment\n\nif not c", "(if ((simple a)) (simple b)) (ifnot (simple c))")]
    [DataRow("{if(a) b; if not c}", "(block (if ((simple a)) (simple b)) (ifnot (simple c)))")]
    public void Parse_IfForms_GiveConditionAndBody(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_LeadingIfNotWithOption_IsAccepted()
    {
        var script = ShellParser.Parse("if not echo no", "stdin", new ShellParserOptions { AllowLeadingIfNot = true });

        Assert.IsInstanceOfType<IfNotCommand>(script.Commands[0]);
    }

    [TestMethod]
    [DataRow("for(i in a b c) echo $i", "(for i (a b c) (simple echo (var i)))")]
    [DataRow("for(i in) echo $i", "(for i () (simple echo (var i)))")]
    [DataRow("for(i) echo $i", "(for i * (simple echo (var i)))")]
    [DataRow("for (i in *.c) {echo $i}", "(for i (*.c) (block (simple echo (var i))))")]
    [DataRow("for(i in `{ls})\n  echo $i", "(for i ((subst (block (simple ls)))) (simple echo (var i)))")]
    [DataRow("for(i in a\n b) c", "(for i (a b) (simple c))")]
    [DataRow("for(in in in) x", "(for in (in) (simple x))")]
    public void Parse_ForForms_GiveVariableItemsAndBody(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_ForWithoutIn_HasNullItems()
    {
        var command = Assert.IsInstanceOfType<ForCommand>(Single("for(v) echo $v"));

        Assert.IsNull(command.Items);
        Assert.AreEqual("v", Assert.IsInstanceOfType<LiteralWord>(command.Variable).Text);
    }

    [TestMethod]
    [DataRow("while(test -e f) sleep 1", "(while ((simple test -e f)) (simple sleep 1))")]
    [DataRow("while(a; b)\n{c}", "(while ((simple a) (simple b)) (block (simple c)))")]
    public void Parse_While_GivesConditionAndBody(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_Switch_GroupsCommandsUnderCases()
    {
        const string text = "switch($x){\ncase a b\n  echo A\n  echo AA\ncase *\n  echo star\n}";

        var command = Assert.IsInstanceOfType<SwitchCommand>(Single(text));

        Assert.HasCount(2, command.Cases);
        Assert.AreEqual("(a b)", "(" + string.Join(" ", command.Cases[0].Patterns.Select(AstPrinter.Print)) + ")");
        Assert.HasCount(2, command.Cases[0].Body);
        Assert.AreEqual(
            "(switch (list (var x)) (case (a b) (simple echo A) (simple echo AA)) (case (*) (simple echo star)))",
            Tree(text));
    }

    [TestMethod]
    [DataRow("switch(a){case a; echo A; case b; echo B}", "(switch (list a) (case (a) (simple echo A)) (case (b) (simple echo B)))")]
    [DataRow("switch (a) { case a\necho ok\n}", "(switch (list a) (case (a) (simple echo ok)))")]
    [DataRow("switch $x\n{\ncase a\n}", "(switch (var x) (case (a)))")]
    [DataRow("switch(a){}", "(switch (list a))")]
    [DataRow("switch(a){case 'case'; echo case}", "(switch (list a) (case ('case') (simple echo case)))")]
    public void Parse_SwitchForms_GiveCases(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("{ a; b }", "(block (simple a) (simple b))")]
    [DataRow("{\na\nb\n}", "(block (simple a) (simple b))")]
    [DataRow("{}", "(block)")]
    [DataRow("{a} | b", "(pipe (block (simple a)) (simple b))")]
    [DataRow("{a} > f", "(redir (> 1 f) (block (simple a)))")]
    [DataRow("{{a}}", "(block (block (simple a)))")]
    public void Parse_Blocks_GiveBlockNodes(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("fn f { echo $* }", "(fn f (block (simple echo (var *))))")]
    [DataRow("fn f{echo f}", "(fn f (block (simple echo f)))")]
    [DataRow("fn f", "(fndel f)")]
    [DataRow("fn f; f", "(fndel f) (simple f)")]
    [DataRow("fn 'a b' {x}", "(fn 'a b' (block (simple x)))")]
    public void Parse_FunctionForms_DefineOrDelete(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("~ $x a* [~b]", "(match (var x) a* [~b])")]
    [DataRow("~ abc", "(match abc)")]
    [DataRow("~ $x (a b) '*'", "(match (var x) (list a b) '*')")]
    [DataRow("~ a b && echo y", "(and (match a b) (simple echo y))")]
    public void Parse_Match_GivesSubjectAndPatterns(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("@{ rfork n; ls }", "(subshell (block (simple rfork n) (simple ls)))")]
    [DataRow("@ ls", "(subshell (simple ls))")]
    [DataRow("@{ serve dir } &", "(bg (subshell (block (simple serve dir))))")]
    public void Parse_Subshell_WrapsTheCommand(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("echo a > f", "(simple echo a (> 1 f))")]
    [DataRow("echo a >> f", "(simple echo a (>> 1 f))")]
    [DataRow("cat < f", "(simple cat (< 0 f))")]
    [DataRow("cmd >[2] err", "(simple cmd (> 2 err))")]
    [DataRow("cmd >>[2] err", "(simple cmd (>> 2 err))")]
    [DataRow("cmd >[2=1]", "(simple cmd (dup 2 1))")]
    [DataRow("cmd >[1=2]", "(simple cmd (dup 1 2))")]
    [DataRow("cmd >[2=]", "(simple cmd (close 2))")]
    [DataRow("cmd <[3] f", "(simple cmd (< 3 f))")]
    [DataRow("echo >f a", "(simple echo a (> 1 f))")]
    [DataRow("echo a>/n/x/$name", "(simple echo a (> 1 (cat /n/x/ (var name))))")]
    [DataRow("cmd > f >[2=1] >[2] g", "(simple cmd (> 1 f) (dup 2 1) (> 2 g))")]
    public void Parse_Redirections_AttachToTheSimpleCommand(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_DuplicationRedirection_HasSourceDescriptor()
    {
        var command = Assert.IsInstanceOfType<SimpleCommand>(Single("cmd >[2=1]"));

        var redirection = Assert.IsInstanceOfType<DuplicationRedirection>(command.Redirections[0]);
        Assert.AreEqual(2, redirection.Fd);
        Assert.AreEqual(1, redirection.SourceFd);
        Assert.IsFalse(redirection.Input);
    }

    [TestMethod]
    [DataRow(">f echo a", "(redir (> 1 f) (simple echo a))")]
    [DataRow(">f echo a | tr a b", "(redir (> 1 f) (pipe (simple echo a) (simple tr a b)))")]
    [DataRow(">f", "(simple (> 1 f))")]
    [DataRow("<in >out", "(simple (< 0 in) (> 1 out))")]
    public void Parse_LeadingRedirections_CoverTheFollowingCommand(string text, string expected)
    {
        // rc: '>f echo a | tr a b' writes tr's output to f, so the prefix covers the pipeline.
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_DotCommand_IsASimpleCommand()
    {
        Assert.AreEqual("(simple . lib.rc)", Tree(". lib.rc"));
    }

    [TestMethod]
    public void Parse_StatusVariableInCondition_Parses()
    {
        Assert.AreEqual("(if ((match (var status) '')) (simple echo ok))", Tree("if(~ $status '') echo ok"));
    }

    [TestMethod]
    public void Parse_NamespaceScript_GivesExpectedCommands()
    {
        const string text = """
            # compose a demo namespace
            mount -t mem root /
            mount -bC -o ttl=30s,max=64M -t db cache.db /n/cache
            for(d in tutorials docs) {
                bind -a /n/origin/$d /lib/$d >[2=1] || echo 'no '$d >[1=2]
            }
            @{ rfork n; serve /srv & }
            fn ll { ls -l $* }
            if(! test -d /tmp) mkdir -p /tmp
            if not echo ok
            """;

        var script = ShellParser.Parse(text, "namespace.rc");

        Assert.HasCount(7, script.Commands);
        Assert.AreEqual(
            "(simple mount -bC -o (cat ttl = 30s,max = 64M) -t db cache.db /n/cache)",
            AstPrinter.Print(script.Commands[1]));
        Assert.AreEqual(
            "(for d (tutorials docs) (block (or (simple bind -a (cat /n/origin/ (var d)) (cat /lib/ (var d)) (dup 2 1)) (simple echo (cat 'no ' (var d)) (dup 1 2)))))",
            AstPrinter.Print(script.Commands[2]));
        Assert.AreEqual("(subshell (block (simple rfork n) (bg (simple serve /srv))))", AstPrinter.Print(script.Commands[3]));
        Assert.AreEqual("(if ((not (simple test -d /tmp))) (simple mkdir -p /tmp))", AstPrinter.Print(script.Commands[5]));
        Assert.IsInstanceOfType<IfNotCommand>(script.Commands[6]);
    }
}
