using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>
/// Property tests: whatever the input, the parser returns a tree or throws <see cref="ShellSyntaxException"/>,
/// never anything else, and never hangs (each parse runs under a generous 5 s guard so a hang fails the test
/// instead of blocking the run; this is not a speed assertion). Seeds are fixed so runs are reproducible.
/// </summary>
[TestClass]
public sealed class ShellParserPropertyTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(5);

    private static readonly string[] Alphabet =
    [
        "a", "b", "x", "1", "2", "-", ".", "/", "*", "?", "[", "]", "~", "!", "@", "\"", ",",
        " ", " ", " ", "\t", "\n", "\n", "\r\n", "\\", "\\\n", "#",
        "$", "$#", "$\"", "'", "''", "^", "(", ")", "{", "}", ";", "&", "&&", "|", "||", "|[2]",
        "<", ">", ">>", ">[2=1]", ">[2]", ">[", "=", "`", "`{",
        "if", "if not", "for", "in", "while", "switch", "fn", "not", "case", "é", "😀",
    ];

    private static readonly string[] ValidScripts =
    [
        """
        # compose a demo namespace
        mount -t mem root /
        mount -bC -o ttl=30s -t db cache.db /n/cache
        for(d in tutorials docs) {
            bind -a /n/origin/$d /lib/$d >[2=1] || echo 'no '$d >[1=2]
        }
        @{ rfork n; serve /srv & }
        fn ll { ls -l $* | sort }
        if(! test -d /tmp) mkdir -p /tmp
        if not echo 'it''s there'
        """,
        """
        x=(a b c); y=$x^.c
        switch($1){
        case -v --verbose
            verbose=1
        case *
            echo usage: $0 >[1=2]
        }
        while(~ $#x [1-9]*) { x=$x(2-); echo $"x }
        echo `{ls /lib | wc -l} $#* $x(1 3) a$x$y'q' ^ z
        """,
    ];

    private static Config Configuration(ulong seed, int tests) =>
        Config.QuickThrowOnFailure
            .WithMaxTest(tests)
            .WithEndSize(60)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));

    /// <summary>Parses under the hang guard; returns the error, or null when the parse succeeded.</summary>
    private static ShellSyntaxException? ParseGuarded(string text)
    {
        var task = Task.Run(() =>
        {
            try
            {
                ShellParser.Parse(text, "prop.rc");
                return null;
            }
            catch (ShellSyntaxException exception)
            {
                return exception;
            }
        });
        if (!task.Wait(HangGuard))
        {
            Assert.Fail($"parse did not finish within {HangGuard.TotalSeconds} s for input {Escape(text)}");
        }

        return task.Result;
    }

    private static bool IsIncompleteGuarded(string text)
    {
        var task = Task.Run(() => ShellParser.IsIncomplete(text));
        if (!task.Wait(HangGuard))
        {
            Assert.Fail($"IsIncomplete did not finish within {HangGuard.TotalSeconds} s for input {Escape(text)}");
        }

        return task.Result;
    }

    private static string Escape(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "\"";

    private static int LineCount(string text) => text.Count(c => c == '\n') + 1;

    /// <summary>The checks every input must pass: only syntax errors, sane positions, consistent REPL answer.</summary>
    private static void CheckInput(string text)
    {
        var error = ParseGuarded(text);
        var incomplete = IsIncompleteGuarded(text);
        if (error is null)
        {
            return;
        }

        Assert.AreEqual("prop.rc", error.Position.File);
        Assert.IsTrue(error.Position.Line >= 1 && error.Position.Line <= LineCount(text), $"line of {error.Message} for {Escape(text)}");
        Assert.IsTrue(error.Position.Column >= 1, $"column of {error.Message} for {Escape(text)}");
        Assert.StartsWith($"prop.rc:{error.Position.Line}:{error.Position.Column}: ", error.Message);
        Assert.AreEqual(error.IsIncomplete, incomplete, $"IsIncomplete disagrees with the parse error {error.Message} for {Escape(text)}");
    }

    [TestMethod]
    public void Parse_RandomRcishStrings_ReturnATreeOrThrowOnlySyntaxErrors()
    {
        var texts = Gen.ListOf(Gen.Elements(Alphabet)).Select(parts => string.Concat(parts));

        Prop.ForAll(texts.ToArbitrary(), text => CheckInput(text)).Check(Configuration(20240611, 3000));
    }

    [TestMethod]
    public void Parse_RandomCharacters_ReturnATreeOrThrowOnlySyntaxErrors()
    {
        var characters = Gen.Elements("ab$#\"'^(){};&|<>=[]*?~!@\\` \t\n\r2-".ToCharArray());
        var texts = Gen.ArrayOf(characters).Select(chars => new string(chars));

        Prop.ForAll(texts.ToArbitrary(), text => CheckInput(text)).Check(Configuration(77, 3000));
    }

    [TestMethod]
    public void Parse_TruncationsOfValidScripts_ReturnATreeOrThrowOnlySyntaxErrors()
    {
        var truncations =
            from script in Gen.Elements(ValidScripts)
            from length in Gen.Choose(0, script.Length)
            select script[..length];

        Prop.ForAll(truncations.ToArbitrary(), text => CheckInput(text)).Check(Configuration(4242, 2000));
    }

    [TestMethod]
    public void Parse_EveryPrefixOfValidScripts_ReturnsATreeOrThrowsOnlySyntaxErrors()
    {
        // Exhaustive companion of the random truncation property: every prefix of every corpus script.
        foreach (var script in ValidScripts)
        {
            Assert.IsNull(ParseGuarded(script), "the corpus script itself must parse");
            for (var length = 0; length <= script.Length; length++)
            {
                CheckInput(script[..length]);
            }
        }
    }

    [TestMethod]
    public void Parse_AnyStringInRcQuotes_GivesThatStringBack()
    {
        var texts = Gen.ArrayOf(Gen.Elements("ab '$#\n\t\\()`{}|;&^=é".ToCharArray())).Select(chars => new string(chars));

        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var quoted = "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
            var script = ShellParser.Parse("echo " + quoted, "prop.rc");
            var word = (LiteralWord)((SimpleCommand)script.Commands[0]).Words[1];
            return word.Quoted && word.Text == text;
        }).Check(Configuration(99, 1000));
    }

    [TestMethod]
    public void Parse_InsertedNewlinesBetweenCommands_KeepTheCommandCount()
    {
        var commands = new[] { "echo a", "x=(a b)", "ls $x | wc", "{ a; b }", "fn f { g }", "~ a b" };
        var scripts = Gen.ListOf(Gen.Elements(commands)).Select(list => list.ToArray());

        Prop.ForAll(scripts.ToArbitrary(), list =>
        {
            var withSemicolons = ShellParser.Parse(string.Join("; ", list), "prop.rc");
            var withNewlines = ShellParser.Parse(string.Join("\n\n# c\n", list), "prop.rc");
            return withSemicolons.Commands.Count == list.Length
                && AstPrinter.Print(withSemicolons) == AstPrinter.Print(withNewlines);
        }).Check(Configuration(7, 500));
    }
}
