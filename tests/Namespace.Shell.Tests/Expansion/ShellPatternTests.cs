using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Namespace.Shell.Expansion;

namespace Namespace.Shell.Tests.Expansion;

/// <summary>rc pattern matching, as used by <c>~</c>, <c>switch</c> and globbing.</summary>
[TestClass]
public sealed class ShellPatternTests
{
    // Each row was checked with plan9port rc: '~ SUBJECT PATTERN; echo $status'.
    [TestMethod]
    [DataRow("abc", "a*", true)]
    [DataRow("abc", "b*", false)]
    [DataRow("abc", "a*c*", true)]
    [DataRow("a/b", "*", true)]
    [DataRow("a/b", "a?b", true)]
    [DataRow("abc", "a[b-c]c", true)]
    [DataRow("A", "[a-z]", false)]
    [DataRow("b", "[~a]", true)]
    [DataRow("a", "[~a]", false)]
    [DataRow("c", "[c-a]", true)]
    [DataRow("b", "[c-a]", true)]
    [DataRow("-", "[-a]", true)]
    [DataRow("-", "[a-]", false)]
    [DataRow("[", "[", false)]
    [DataRow("[a", "[a", false)]
    [DataRow("a", "[", false)]
    [DataRow("]", "[]]", false)]
    [DataRow("a", "[]a]", false)]
    [DataRow("*", "*", true)]
    [DataRow("", "*", true)]
    [DataRow("", "", true)]
    [DataRow("", "?", false)]
    [DataRow("abc", "abc", true)]
    [DataRow("abc", "ab", false)]
    [DataRow("ab", "abc", false)]
    [DataRow("aXbXc", "a*b*c", true)]
    [DataRow("aaaaaaaaaaaaaaaaaaaaaaaab", "a*a*a*a*a*a*a*a*a*c", false)]
    public void Matches_RcExamples_AgreeWithRc(string subject, string pattern, bool expected)
    {
        Assert.AreEqual(expected, ShellPattern.Matches(subject, pattern), $"~ {subject} {pattern}");
    }

    [TestMethod]
    public void Matches_QuotedStar_MatchesOnlyAStar()
    {
        var pattern = ShellPattern.FromLiteral("*");

        Assert.IsTrue(pattern.Matches("*"));
        Assert.IsFalse(pattern.Matches("a"));
        Assert.IsFalse(pattern.HasWildcards);
    }

    [TestMethod]
    public void Matches_MixedQuoting_OnlyUnquotedCharactersAreSpecial()
    {
        // 'a*'?  : a literal 'a*' then any one character.
        var pattern = new ShellPattern("a*?", [false, false, true]);

        Assert.IsTrue(pattern.Matches("a*b"));
        Assert.IsFalse(pattern.Matches("axb"));
        Assert.IsTrue(pattern.HasWildcards);
        Assert.IsFalse(pattern.IsUnquoted(1));
    }

    [TestMethod]
    public void Constructor_FlagCountMismatch_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new ShellPattern("ab", [true]));
    }

    [TestMethod]
    public void SplitPath_KeepsComponentsAndQuotedness()
    {
        var pattern = new ShellPattern("/a*/'b'/*", [true, true, true, true, false, false, false, true, true]);

        var parts = pattern.SplitPath();

        CollectionAssert.AreEqual(new[] { "", "a*", "'b'", "*" }, parts.Select(p => p.Text).ToArray());
        Assert.IsTrue(parts[1].HasWildcards);
        Assert.IsFalse(parts[2].HasWildcards);
        Assert.IsTrue(parts[3].Matches("anything"));
    }

    [TestMethod]
    public void Matches_RandomStarAndQuestionPatterns_AgreeWithARegexOracle()
    {
        var patterns = Gen.ArrayOf(Gen.Elements('a', 'b', '*', '?')).Select(c => new string(c));
        var subjects = Gen.ArrayOf(Gen.Elements('a', 'b')).Select(c => new string(c));
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(2000)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(31337), FSharpOption<int>.None)));

        Prop.ForAll(patterns.ToArbitrary(), subjects.ToArbitrary(), (pattern, subject) =>
        {
            var regex = new StringBuilder("^");
            foreach (var c in pattern)
            {
                regex.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
            }

            var expected = Regex.IsMatch(subject, regex.Append('$').ToString(), RegexOptions.Singleline);
            return ShellPattern.Matches(subject, pattern) == expected;
        }).Check(config);
    }

    [TestMethod]
    public void Matches_LiteralPattern_MatchesExactlyItself()
    {
        var texts = Gen.ArrayOf(Gen.Elements("ab*?[]~-".ToCharArray())).Select(c => new string(c));
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(1000)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(8), FSharpOption<int>.None)));

        Prop.ForAll(texts.ToArbitrary(), texts.ToArbitrary(), (pattern, subject) =>
            ShellPattern.FromLiteral(pattern).Matches(subject) == (pattern == subject)
            && ShellPattern.FromLiteral(pattern).Matches(pattern)).Check(config);
    }
}
