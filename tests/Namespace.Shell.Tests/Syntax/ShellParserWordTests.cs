using Namespace.Shell.Syntax;
using static Namespace.Shell.Tests.Syntax.ParseHelper;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>Words: quoting, comments, variables, subscripts, carets (explicit and free), lists, globs.</summary>
[TestClass]
public sealed class ShellParserWordTests
{
    [TestMethod]
    public void Parse_BareWords_GiveUnquotedLiterals()
    {
        var words = Words("ls -l /usr/lib");

        Assert.HasCount(3, words);
        var third = Assert.IsInstanceOfType<LiteralWord>(words[2]);
        Assert.AreEqual("/usr/lib", third.Text);
        Assert.IsFalse(third.Quoted);
    }

    [TestMethod]
    public void Parse_QuotedWord_KeepsBlanksAndSpecialCharacters()
    {
        var word = Assert.IsInstanceOfType<LiteralWord>(Words("echo 'a b;c|d$e#f{g}'")[1]);

        Assert.AreEqual("a b;c|d$e#f{g}", word.Text);
        Assert.IsTrue(word.Quoted);
    }

    [TestMethod]
    [DataRow("echo 'it''s'", "it's")]
    [DataRow("echo ''''", "'")]
    [DataRow("echo ''", "")]
    [DataRow("echo 'a''''b'", "a''b")]
    public void Parse_DoubledQuoteInsideQuotes_IsOneQuote(string text, string expected)
    {
        var word = Assert.IsInstanceOfType<LiteralWord>(Words(text)[1]);

        Assert.AreEqual(expected, word.Text);
        Assert.IsTrue(word.Quoted);
    }

    [TestMethod]
    public void Parse_QuotedWordSpanningLines_KeepsTheNewline()
    {
        var word = Assert.IsInstanceOfType<LiteralWord>(Words("echo 'a\nb'")[1]);

        Assert.AreEqual("a\nb", word.Text);
    }

    [TestMethod]
    public void Parse_CommentAfterCommand_IsIgnored()
    {
        Assert.AreEqual("(simple echo a) (simple echo b)", Tree("echo a # a comment ; echo no\necho b"));
    }

    [TestMethod]
    public void Parse_HashInsideBareWord_StartsAComment()
    {
        // rc: 'echo a#b c' prints 'a'.
        Assert.AreEqual("(simple echo a)", Tree("echo a#b c"));
    }

    [TestMethod]
    public void Parse_HashInsideQuotes_IsLiteral()
    {
        Assert.AreEqual("(simple echo 'a#b' (cat a '#' b))", Tree("echo 'a#b' a'#'b"));
    }

    [TestMethod]
    public void Parse_ScriptOfCommentsAndBlankLines_HasNoCommands()
    {
        Assert.IsEmpty(ShellParser.Parse("# only a comment\n\n   \n# another\n", FileName).Commands);
    }

    [TestMethod]
    public void Parse_BackslashNewline_ContinuesTheLine()
    {
        Assert.AreEqual("(simple echo a b)", Tree("echo a\\\nb"));
        Assert.AreEqual("(simple echo a b)", Tree("echo a \\\n  b"));
    }

    [TestMethod]
    public void Parse_BackslashNewlineInsideQuotes_IsKept()
    {
        var word = Assert.IsInstanceOfType<LiteralWord>(Words("echo 'a\\\nb'")[1]);

        Assert.AreEqual("a\\\nb", word.Text);
    }

    [TestMethod]
    public void Parse_BackslashElsewhere_IsAnOrdinaryCharacter()
    {
        Assert.AreEqual("(simple echo a\\b)", Tree("echo a\\b"));
    }

    [TestMethod]
    public void Parse_CarriageReturnLineFeed_SeparatesCommands()
    {
        Assert.AreEqual("(simple echo a) (simple echo b)", Tree("echo a\r\necho b\r\n"));
    }

    [TestMethod]
    [DataRow("echo $x", "(simple echo (var x))")]
    [DataRow("echo $#x", "(simple echo (count x))")]
    [DataRow("echo $\"x", "(simple echo (flat x))")]
    [DataRow("echo $*", "(simple echo (var *))")]
    [DataRow("echo $1 $10", "(simple echo (var 1) (var 10))")]
    [DataRow("echo $#*", "(simple echo (count *))")]
    [DataRow("echo $status", "(simple echo (var status))")]
    [DataRow("echo $$x", "(simple echo (var (var x)))")]
    [DataRow("echo $'a b'", "(simple echo (var 'a b'))")]
    [DataRow("echo $ x", "(simple echo (var x))")]
    public void Parse_VariableForms_GiveVariableNodes(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("echo $x(2)", "(simple echo (var x (2)))")]
    [DataRow("echo $x(1 3)", "(simple echo (var x (1 3)))")]
    [DataRow("echo $x(2-)", "(simple echo (var x (2-)))")]
    [DataRow("echo $x($i)", "(simple echo (var x ((var i))))")]
    [DataRow("echo $*(1)", "(simple echo (var * (1)))")]
    public void Parse_Subscripts_AttachToTheVariable(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_ParenthesisAfterBlank_IsAListNotASubscript()
    {
        // rc: 'x=(a b); echo $x (1)' prints 'a b 1'.
        Assert.AreEqual("(simple echo (var x) (list 1))", Tree("echo $x (1)"));
    }

    [TestMethod]
    [DataRow("echo $x.c", "(simple echo (cat (var x) .c))")]
    [DataRow("echo $x-y", "(simple echo (cat (var x) -y))")]
    [DataRow("echo $x:z", "(simple echo (cat (var x) :z))")]
    [DataRow("echo $home/lib", "(simple echo (cat (var home) /lib))")]
    [DataRow("echo $x_y", "(simple echo (var x_y))")]
    public void Parse_VariableNameStopsAtPunctuation_LikeRcIdchr(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("echo a$x", "(simple echo (cat a (var x)))")]
    [DataRow("echo $x'y'", "(simple echo (cat (var x) 'y'))")]
    [DataRow("echo 'a'b", "(simple echo (cat 'a' b))")]
    [DataRow("echo a'b'", "(simple echo (cat a 'b'))")]
    [DataRow("echo $x$y", "(simple echo (cat (var x) (var y)))")]
    [DataRow("echo c`{ls}", "(simple echo (cat c (subst (block (simple ls)))))")]
    [DataRow("echo a$#x", "(simple echo (cat a (count x)))")]
    [DataRow("echo -$\"x-", "(simple echo (cat - (flat x) -))")]
    [DataRow("echo $x.$y.c", "(simple echo (cat (var x) . (var y) .c))")]
    public void Parse_AdjacentWords_GetFreeCarets(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_FreeCaret_GivesTheSameTreeAsAnExplicitCaret()
    {
        Assert.AreEqual(Tree("echo $home^/lib a^$x $x^'y'"), Tree("echo $home/lib a$x $x'y'"));
    }

    [TestMethod]
    [DataRow("echo (a b)c", "(simple echo (list a b) c)")]
    [DataRow("echo $x(1)c", "(simple echo (var x (1)) c)")]
    [DataRow("echo `{ls}b", "(simple echo (subst (block (simple ls))) b)")]
    [DataRow("echo (a)(b)", "(simple echo (list a) (list b))")]
    public void Parse_WordAfterClosingBracket_GetsNoFreeCaret(string text, string expected)
    {
        // rc inserts free carets only after words and variable names, not after ')' or '}'.
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("echo a^b", "(simple echo (cat a b))")]
    [DataRow("echo a ^ b", "(simple echo (cat a b))")]
    [DataRow("echo a^ b", "(simple echo (cat a b))")]
    [DataRow("echo (a b)^(c d)", "(simple echo (cat (list a b) (list c d)))")]
    [DataRow("echo a^b^c", "(simple echo (cat a b c))")]
    [DataRow("echo $x(2)^c", "(simple echo (cat (var x (2)) c))")]
    [DataRow("echo ^a", "(simple (cat echo a))")]
    public void Parse_ExplicitCarets_Concatenate(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("echo (a b c)", "(simple echo (list a b c))")]
    [DataRow("echo ()", "(simple echo (list))")]
    [DataRow("echo ((a) (b c))", "(simple echo (list (list a) (list b c)))")]
    [DataRow("echo (a\nb)", "(simple echo (list a b))")]
    public void Parse_ParenthesisedLists_GiveListNodes(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_CommandSubstitution_HoldsTheBlock()
    {
        Assert.AreEqual("(simple echo (subst (block (simple ls /) (pipe (simple cat f) (simple wc)))))", Tree("echo `{ls /; cat f | wc}"));
    }

    [TestMethod]
    [DataRow("*.c", true)]
    [DataRow("a?", true)]
    [DataRow("[a-z]x", true)]
    [DataRow("'*.c'", false)]
    [DataRow("plain", false)]
    public void Parse_GlobCharacters_MarkOnlyUnquotedLiterals(string word, bool isGlob)
    {
        var literal = Assert.IsInstanceOfType<LiteralWord>(Words("ls " + word)[1]);

        Assert.AreEqual(isGlob, literal.IsGlob);
    }

    [TestMethod]
    public void Parse_MixedQuotedAndBareGlob_KeepsQuotednessPerPart()
    {
        var word = Assert.IsInstanceOfType<ConcatenationWord>(Words("ls '*'*.c")[1]);

        Assert.IsFalse(((LiteralWord)word.Parts[0]).IsGlob);
        Assert.IsTrue(((LiteralWord)word.Parts[1]).IsGlob);
    }

    [TestMethod]
    [DataRow("echo if for in while switch fn not", "(simple echo if for in while switch fn not)")]
    [DataRow("echo ~ ! @", "(simple echo ~ ! @)")]
    [DataRow("echo a!b ~a", "(simple echo a!b ~a)")]
    [DataRow("'if' x", "(simple 'if' x)")]
    [DataRow("!true", "(simple !true)")]
    public void Parse_KeywordsOutsideCommandStart_AreOrdinaryWords(string text, string expected)
    {
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    [DataRow("mount -o ttl=5,x=y a b", "(simple mount -o (cat ttl = 5,x = y) a b)")]
    [DataRow("echo a = b", "(simple echo a = b)")]
    [DataRow("echo a= b", "(simple echo (cat a =) b)")]
    [DataRow("echo k=$v", "(simple echo (cat k = (var v)))")]
    public void Parse_EqualsInArguments_IsAnOrdinaryCharacter(string text, string expected)
    {
        // A deliberate difference from rc (where 'echo a=b' is a syntax error): options such as
        // 'mount -o k=v' need it. '=' stays special at the start of a command.
        Assert.AreEqual(expected, Tree(text));
    }

    [TestMethod]
    public void Parse_NonAsciiText_IsAWordCharacter()
    {
        Assert.AreEqual("(simple echo héllo (var naïve))", Tree("echo héllo $naïve"));
    }
}
