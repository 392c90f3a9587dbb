using Namespace.Shell.Expansion;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Expansion;

/// <summary>rc's expansion rules: lists, concatenation, variables, subscripts, substitution and globbing.</summary>
[TestClass]
public sealed class WordExpanderTests
{
    private static void AreEqual(IReadOnlyList<string> actual, params string[] expected) =>
        Assert.AreEqual(string.Join("|", expected), string.Join("|", actual), $"expected [{string.Join(", ", expected)}]");

    [TestMethod]
    public async Task ExpandAsync_Literals_ExpandToThemselves()
    {
        AreEqual(await new ExpansionHarness().ExpandAsync("a 'b c' ''"), "a", "b c", "");
    }

    [TestMethod]
    public async Task ExpandAsync_UnsetVariable_IsTheEmptyList()
    {
        AreEqual(await new ExpansionHarness().ExpandAsync("a $nothing b"), "a", "b");
    }

    [TestMethod]
    public async Task ExpandAsync_ListVariable_GivesEveryElement()
    {
        var harness = new ExpansionHarness().Set("x", "1", "2 3", "");

        AreEqual(await harness.ExpandAsync("$x"), "1", "2 3", "");
    }

    [TestMethod]
    public async Task ExpandAsync_OneElementConcatenation_Distributes()
    {
        var harness = new ExpansionHarness().Set("x", "a", "b", "c");

        AreEqual(await harness.ExpandAsync("pre-$x $x.c"), "pre-a", "pre-b", "pre-c", "a.c", "b.c", "c.c");
    }

    [TestMethod]
    public async Task ExpandAsync_EqualLengthConcatenation_PairsElements()
    {
        var harness = new ExpansionHarness().Set("x", "a", "b").Set("y", "1", "2");

        AreEqual(await harness.ExpandAsync("$x^$y (a b)^(c d)"), "a1", "b2", "ac", "bd");
    }

    [TestMethod]
    public async Task ExpandAsync_FreeCaretAfterVariable_ConcatenatesLikeExplicitCaret()
    {
        var harness = new ExpansionHarness().Set("home", "/usr/glenda");

        AreEqual(await harness.ExpandAsync("$home/lib $home^/lib"), "/usr/glenda/lib", "/usr/glenda/lib");
    }

    [TestMethod]
    public async Task ExpandAsync_MismatchedLengths_ThrowsRcMessageAtTheRightOperand()
    {
        var harness = new ExpansionHarness().Set("x", "a", "b").Set("y", "c", "d", "e");

        var error = await Assert.ThrowsExactlyAsync<ShellExpansionException>(() => harness.ExpandAsync("$x^$y"));

        Assert.AreEqual("mismatched list lengths in concatenation", error.Reason);
        Assert.AreEqual(new SourcePosition("exp.rc", 1, 9), error.Position);
        Assert.AreEqual("exp.rc:1:9: mismatched list lengths in concatenation", error.Message);
    }

    [TestMethod]
    [DataRow("a^$empty")]
    [DataRow("$empty^a")]
    [DataRow("a$empty")]
    [DataRow("$empty.c")]
    [DataRow("(a b)^()")]
    [DataRow("$x^$empty")]
    public async Task ExpandAsync_EmptyOperandNextToNonEmpty_ThrowsNullList(string words)
    {
        var harness = new ExpansionHarness().Set("x", "a", "b").Set("empty");

        var error = await Assert.ThrowsExactlyAsync<ShellExpansionException>(() => harness.ExpandAsync(words));

        Assert.AreEqual("null list in concatenation", error.Reason);
    }

    [TestMethod]
    public async Task ExpandAsync_TwoEmptyOperands_GiveTheEmptyList()
    {
        // rc: 'x=(); y=(); echo a $x^$y b' prints 'a b'.
        AreEqual(await new ExpansionHarness().ExpandAsync("a $x^$y ()^() b"), "a", "b");
    }

    [TestMethod]
    public async Task ExpandAsync_Count_GivesTheNumberOfElements()
    {
        var harness = new ExpansionHarness().Set("x", "a", "b", "c").Set("*", "p", "q");

        AreEqual(await harness.ExpandAsync("$#x $#unset $#* $#1"), "3", "0", "2", "1");
    }

    [TestMethod]
    public async Task ExpandAsync_Flat_JoinsWithSingleSpaces()
    {
        var harness = new ExpansionHarness().Set("x", "a", "b c", "d");

        AreEqual(await harness.ExpandAsync("$\"x"), "a b c d");
    }

    [TestMethod]
    public async Task ExpandAsync_FlatOfEmpty_IsOneEmptyString()
    {
        // rc: 'x=(); y=$"x; echo $#y' prints 1.
        AreEqual(await new ExpansionHarness().ExpandAsync("$\"x"), "");
    }

    [TestMethod]
    [DataRow("$x(2)", "b")]
    [DataRow("$x(1 3)", "a|c")]
    [DataRow("$x(3 1 1)", "c|a|a")]
    [DataRow("$x(5)", "")]
    [DataRow("$x(0)", "")]
    [DataRow("$x(abc)", "")]
    [DataRow("$x(-2)", "")]
    [DataRow("$x(2-3)", "b|c")]
    [DataRow("$x(2-)", "b|c|d")]
    [DataRow("$x(3-9)", "c|d")]
    [DataRow("$x(3-2)", "")]
    [DataRow("$x(99999999999999)", "")]
    [DataRow("$x($i)", "b")]
    [DataRow("$x(2)^.c", "b.c")]
    public async Task ExpandAsync_Subscript_IsOneBasedAndOutOfRangeIsEmpty(string words, string expected)
    {
        var harness = new ExpansionHarness().Set("x", "a", "b", "c", "d").Set("i", "2");

        var result = await harness.ExpandAsync(words);

        Assert.AreEqual(expected, string.Join("|", result));
    }

    [TestMethod]
    public async Task ExpandAsync_Arguments_ComeFromStar()
    {
        var harness = new ExpansionHarness().Set("*", "one", "two");

        AreEqual(await harness.ExpandAsync("$* $1 $2 $3"), "one", "two", "one", "two");
    }

    [TestMethod]
    public async Task ExpandAsync_Status_IsAnOrdinaryVariable()
    {
        AreEqual(await new ExpansionHarness().Set("status", "").ExpandAsync("x$status"), "x");
    }

    [TestMethod]
    public async Task ExpandAsync_Indirection_ReadsTheNamedVariable()
    {
        var harness = new ExpansionHarness().Set("x", "a").Set("a", "val");

        AreEqual(await harness.ExpandAsync("$$x"), "val");
    }

    [TestMethod]
    public async Task ExpandAsync_IndirectionThroughAList_ThrowsNotSingleton()
    {
        var harness = new ExpansionHarness().Set("x", "a", "b");

        var error = await Assert.ThrowsExactlyAsync<ShellExpansionException>(() => harness.ExpandAsync("$$x"));

        Assert.AreEqual("variable name not singleton!", error.Reason);
    }

    [TestMethod]
    public async Task ExpandAsync_CommandSubstitution_SplitsOutputOnBlanksAndNewlines()
    {
        var harness = new ExpansionHarness();
        harness.Outputs["(block (simple ls))"] = " a b\tc\n\nd  ";

        AreEqual(await harness.ExpandAsync("`{ls} x"), "a", "b", "c", "d", "x");
        AreEqual(harness.Substituted, "(block (simple ls))");
    }

    [TestMethod]
    public async Task ExpandAsync_CommandSubstitutionWithIfs_SplitsOnIfs()
    {
        // rc: 'ifs=:; x=`{echo a:b c}; echo $#x' prints 2.
        var harness = new ExpansionHarness().Set("ifs", ":");
        harness.Outputs["(block (simple echo a:b c))"] = "a:b c\n";

        AreEqual(await harness.ExpandAsync("`{echo a:b c}"), "a", "b c\n");
    }

    [TestMethod]
    public async Task ExpandAsync_EmptySubstitution_IsTheEmptyList()
    {
        AreEqual(await new ExpansionHarness().ExpandAsync("`{true}"));
    }

    [TestMethod]
    public async Task ExpandAsync_SubstitutionConcatenation_Distributes()
    {
        var harness = new ExpansionHarness();
        harness.Outputs["(block (simple echo b c))"] = "b c\n";

        AreEqual(await harness.ExpandAsync("a^`{echo b c}"), "ab", "ac");
    }

    [TestMethod]
    public async Task ExpandAsync_SubstitutionWithoutCallback_IsAnError()
    {
        var expander = new ExpansionHarness().CreateExpander(withSubstitution: false);

        var error = await Assert.ThrowsExactlyAsync<ShellExpansionException>(
            async () => await expander.ExpandAsync(ExpansionHarness.ParseWords("`{ls}")));

        Assert.AreEqual(new SourcePosition("exp.rc", 1, 6), error.Position);
    }

    [TestMethod]
    public async Task ExpandAsync_UnquotedGlob_IsExpandedAndSorted()
    {
        var harness = new ExpansionHarness();
        harness.Files.AddRange(["b.c", "a.c", "a.h", "C.c"]);

        AreEqual(await harness.ExpandAsync("*.c"), "C.c", "a.c", "b.c");
        AreEqual(harness.Globbed, "*.c");
    }

    [TestMethod]
    public async Task ExpandAsync_GlobWithNoMatch_StaysAsWritten()
    {
        var harness = new ExpansionHarness();
        harness.Files.Add("readme");

        AreEqual(await harness.ExpandAsync("*.c zz? [xy]"), "*.c", "zz?", "[xy]");
    }

    [TestMethod]
    public async Task ExpandAsync_QuotedGlobCharacters_AreNotGlobbed()
    {
        var harness = new ExpansionHarness();
        harness.Files.AddRange(["a", "*"]);

        AreEqual(await harness.ExpandAsync("'*' '?' '[a]'"), "*", "?", "[a]");
        Assert.IsEmpty(harness.Globbed);
    }

    [TestMethod]
    public async Task ExpandAsync_VariableValueWithStar_IsNotGlobbed()
    {
        var harness = new ExpansionHarness().Set("x", "r*");
        harness.Files.AddRange(["rc", "read"]);

        AreEqual(await harness.ExpandAsync("$x"), "r*");
        Assert.IsEmpty(harness.Globbed);
    }

    [TestMethod]
    public async Task ExpandAsync_VariableConcatenatedWithBareStar_GlobsWithTheValueQuoted()
    {
        // rc: 'x=r; echo $x^*' globs; the value's own characters stay literal.
        var harness = new ExpansionHarness().Set("x", "r", "[q]");
        harness.Files.AddRange(["rc", "read", "[q]z", "qz"]);

        AreEqual(await harness.ExpandAsync("$x^*"), "rc", "read", "[q]z");
    }

    [TestMethod]
    public async Task ExpandAsync_PartlyQuotedGlob_OnlyUnquotedPartIsSpecial()
    {
        var harness = new ExpansionHarness();
        harness.Files.AddRange(["a*b", "axb"]);

        AreEqual(await harness.ExpandAsync("'a*'?"), "a*b");
    }

    [TestMethod]
    public async Task ExpandAsync_NoGlobCallback_LeavesGlobWords()
    {
        var expander = new ExpansionHarness().CreateExpander(withGlob: false);

        AreEqual(await expander.ExpandAsync(ExpansionHarness.ParseWords("*.c")), "*.c");
    }

    [TestMethod]
    public async Task ExpandWithoutGlobbingAsync_NeverCallsTheGlobCallback()
    {
        var harness = new ExpansionHarness();
        harness.Files.Add("a.c");

        var result = await harness.CreateExpander().ExpandWithoutGlobbingAsync(ExpansionHarness.ParseWords("*.c"));

        AreEqual(result, "*.c");
        Assert.IsEmpty(harness.Globbed);
    }

    [TestMethod]
    public async Task ExpandPatternsAsync_KeepsQuotedness()
    {
        var harness = new ExpansionHarness().Set("x", "*");

        var patterns = await harness.CreateExpander().ExpandPatternsAsync(ExpansionHarness.ParseWords("a* '*' $x"));

        Assert.HasCount(3, patterns);
        Assert.IsTrue(patterns[0].Matches("abc"));
        Assert.IsFalse(patterns[1].Matches("abc"));
        Assert.IsTrue(patterns[1].Matches("*"));
        Assert.IsFalse(patterns[2].Matches("abc"), "a variable's value is literal in a pattern");
        Assert.IsTrue(patterns[2].Matches("*"));
    }

    [TestMethod]
    public async Task ExpandAsync_NestedLists_Flatten()
    {
        var harness = new ExpansionHarness().Set("x", "1", "2");

        AreEqual(await harness.ExpandAsync("(a (b $x) ())"), "a", "b", "1", "2");
    }

    [TestMethod]
    public async Task ExpandAsync_CancelledToken_Throws()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => new ExpansionHarness().ExpandAsync("a", source.Token));
    }

    [TestMethod]
    public void SplitOutput_RunsOfSeparators_GiveNoEmptyWords()
    {
        var words = WordExpander.SplitOutput("\n\na  b\n", " \t\n");

        CollectionAssert.AreEqual(new[] { "a", "b" }, words.ToArray());
    }

    [TestMethod]
    public void ShellVariables_SetAndRemove_BehaveLikeRcLists()
    {
        var variables = new ShellVariables();
        variables.Set("x", ["a", "b"]);
        variables.Set("empty", []);

        Assert.HasCount(2, variables.Get("x"));
        Assert.IsEmpty(variables.Get("empty"));
        Assert.IsEmpty(variables.Get("unset"));
        Assert.IsTrue(variables.Remove("x"));
        Assert.IsEmpty(variables.Get("x"));
        CollectionAssert.AreEqual(new[] { "empty" }, variables.Names.ToArray());
    }
}
