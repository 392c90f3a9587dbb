using Namespace.Shell.Syntax;
using static Namespace.Shell.Tests.Syntax.ParseHelper;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>Syntax errors name the file, line and column, and say what was expected.</summary>
[TestClass]
public sealed class ShellParserErrorTests
{
    [TestMethod]
    public void Parse_ForMissingCloseParen_ReportsFileLineColumnAndOpener()
    {
        var error = Error("# demo\n\nfor(i in ab c{ echo $i }\n", "namespace.rc");

        Assert.AreEqual("namespace.rc:3:14: expected ')' to close 'for('", error.Message);
        Assert.AreEqual(new SourcePosition("namespace.rc", 3, 14), error.Position);
        Assert.AreEqual("expected ')' to close 'for('", error.Reason);
        Assert.IsFalse(error.IsIncomplete);
    }

    [TestMethod]
    public void Parse_UnterminatedQuote_ReportsTheOpeningQuote()
    {
        var error = Error("cat 'abc\ndef", "stdin");

        Assert.AreEqual("stdin:1:5: unterminated quote", error.Message);
        Assert.IsTrue(error.IsIncomplete);
    }

    [TestMethod]
    [DataRow("for(i in a b; echo)", 1, 13, "expected ')' to close 'for('")]
    [DataRow("{ echo a", 1, 9, "expected '}' to close '{'")]
    [DataRow("echo a)", 1, 7, "unexpected ')'")]
    [DataRow("echo }", 1, 6, "unexpected '}'")]
    [DataRow("if(a b } c", 1, 8, "expected ')' to close 'if('")]
    [DataRow("while(a b } c", 1, 11, "expected ')' to close 'while('")]
    [DataRow("a | | b", 1, 5, "expected command after '|'")]
    [DataRow("| a", 1, 1, "expected command before '|'")]
    [DataRow("a && || b", 1, 6, "expected command after '&&'")]
    [DataRow("a &&\n\n", 3, 1, "expected command after '&&'")]
    [DataRow("echo a(b)", 1, 7, "expected '^' or a blank before '('")]
    [DataRow("echo 'a'(b)", 1, 9, "expected '^' or a blank before '('")]
    [DataRow("x=", 1, 3, "expected value after 'x='")]
    [DataRow("x=\necho", 1, 3, "expected value after 'x='")]
    [DataRow("= x", 1, 1, "expected variable name before '='")]
    [DataRow("$x=1", 1, 1, "expected variable name before '='")]
    [DataRow("if not echo x", 1, 1, "'if not' does not follow 'if(...)'")]
    [DataRow("if(a) b; echo c; if not d", 1, 18, "'if not' does not follow 'if(...)'")]
    [DataRow("if(a) if not b", 1, 7, "'if not' does not follow 'if(...)'")]
    [DataRow("if(a) b; if not c; if not d", 1, 20, "'if not' does not follow 'if(...)'")]
    [DataRow("if(a) b; {if not c}", 1, 11, "'if not' does not follow 'if(...)'")]
    [DataRow("not x", 1, 1, "expected 'if' before 'not'")]
    [DataRow("in x", 1, 1, "unexpected 'in' outside 'for(...)'")]
    [DataRow("switch(x){ echo }", 1, 12, "expected 'case' before commands in 'switch' body")]
    [DataRow("switch x echo", 1, 10, "expected '{' after 'switch' subject")]
    [DataRow("switch(x){ case a", 1, 18, "expected '}' to close 'switch' body")]
    [DataRow("switch(x){ case a > f", 1, 19, "expected ';' or newline after 'case' patterns")]
    [DataRow("echo >[2", 1, 9, "expected ']' to close '>['")]
    [DataRow("echo >[2 = 1]", 1, 9, "expected ']' to close '>['")]
    [DataRow("echo >[x]", 1, 8, "expected a file descriptor number after '>['")]
    [DataRow("a |[x] b", 1, 5, "expected a file descriptor number after '|['")]
    [DataRow("echo $", 1, 7, "expected variable name after '$'")]
    [DataRow("echo $#", 1, 8, "expected variable name after '$#'")]
    [DataRow("echo $.x", 1, 7, "expected variable name after '$'")]
    [DataRow("echo $x(1", 1, 10, "expected ')' to close '$x('")]
    [DataRow("echo $x(1;2)", 1, 10, "expected ')' to close '$x('")]
    [DataRow("echo (a b", 1, 10, "expected ')' to close '('")]
    [DataRow("for i in a", 1, 5, "expected '(' after 'for'")]
    [DataRow("for() x", 1, 5, "expected variable name after 'for('")]
    [DataRow("for(i) ", 1, 8, "expected command after 'for(...)'")]
    [DataRow("while true", 1, 7, "expected '(' after 'while'")]
    [DataRow("if true", 1, 4, "expected '(' after 'if'")]
    [DataRow("fn", 1, 3, "expected function name after 'fn'")]
    [DataRow("fn f g", 1, 6, "expected '{' after function name")]
    [DataRow("~", 1, 2, "expected subject after '~'")]
    [DataRow("!", 1, 2, "expected command after '!'")]
    [DataRow("@", 1, 2, "expected command after '@'")]
    [DataRow("{a} b", 1, 5, "expected ';' or newline before 'b'")]
    [DataRow("echo a ^", 1, 9, "expected word after '^'")]
    [DataRow("^a", 1, 1, "expected word before '^'")]
    [DataRow("echo >", 1, 7, "expected file name after '>'")]
    [DataRow("echo > ;", 1, 8, "expected file name after '>'")]
    [DataRow("cat <<EOF", 1, 5, "here documents ('<<') are not supported")]
    [DataRow("echo `ls`", 1, 7, "expected '{' after '`'")]
    [DataRow("echo a\n\n  b )", 3, 5, "unexpected ')'")]
    public void Parse_MalformedInput_ReportsPositionAndReason(string text, int line, int column, string reason)
    {
        var error = Error(text);

        Assert.AreEqual(reason, error.Reason, text);
        Assert.AreEqual(new SourcePosition(FileName, line, column), error.Position, text);
        Assert.AreEqual($"{FileName}:{line}:{column}: {reason}", error.Message);
    }

    [TestMethod]
    public void Parse_DeepNesting_IsASyntaxErrorNotACrash()
    {
        var text = new string('{', 5000) + new string('}', 5000);

        var error = Error(text);

        Assert.AreEqual("nesting too deep", error.Reason);
    }

    [TestMethod]
    public void Parse_DeepWordNesting_IsASyntaxErrorNotACrash()
    {
        var text = "echo " + new string('(', 5000) + new string(')', 5000);

        Assert.AreEqual("nesting too deep", Error(text).Reason);
    }

    [TestMethod]
    public void Parse_ManyPrefixOperators_IsASyntaxErrorNotACrash()
    {
        var text = string.Concat(Enumerable.Repeat("! ", 5000)) + "a";

        Assert.AreEqual("nesting too deep", Error(text).Reason);
    }

    [TestMethod]
    public void Parse_NestingWithinTheLimit_Parses()
    {
        var text = new string('{', 50) + "a" + new string('}', 50);

        Assert.HasCount(1, ShellParser.Parse(text, FileName).Commands);
    }
}
