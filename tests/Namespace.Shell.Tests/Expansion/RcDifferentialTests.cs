using System.Diagnostics;
using Namespace.Shell.Expansion;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Expansion;

/// <summary>
/// Differential tests against Plan 9's rc (Debian's 9base, /usr/lib/plan9/bin/rc): the same input goes to rc and
/// to nsh's parser/expander and the answers must agree. Inconclusive when rc is not installed.
/// </summary>
[TestClass]
public sealed class RcDifferentialTests
{
    private const string RcPath = "/usr/lib/plan9/bin/rc";

    private static string RequireRc()
    {
        if (!File.Exists(RcPath))
        {
            Assert.Inconclusive($"{RcPath} is not installed (apt-get install 9base)");
        }

        return RcPath;
    }

    /// <summary>Runs rc -c in an empty directory (so globs match nothing); returns exit code, stdout, stderr.</summary>
    private static (int ExitCode, string Output, string Error) RunRc(string script)
    {
        var rc = RequireRc();
        var directory = Directory.CreateTempSubdirectory("nsh-rc-");
        try
        {
            var start = new ProcessStartInfo(rc)
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("rc did not start");
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("rc did not finish within 20 s");
            }

            return (process.ExitCode, output.Result, error.Result);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // setup (assignments only), words
    private static readonly (string Setup, string Words)[] ExpansionCases =
    [
        ("x=(a b c)", "$x"),
        ("x=(a b c)", "$#x $\"x"),
        ("x=(a b c d)", "$x(2) $x(1 3) $x(5) $x(0) $x(2-3) $x(3-) $x(3-2) $x(abc)"),
        ("x=(a b c)", "pre$x $x.c $x'q' $x-$x"),
        ("x=(a b); y=(1 2)", "$x^$y (p q)^(r s) $x^-^$y"),
        ("x=(a b); y=(1 2 3)", "$x^$y"),
        ("x=()", "a^$x"),
        ("x=()", "$x.c"),
        ("x=(); y=()", "a $x^$y b"),
        ("x=()", "$\"x $#x"),
        ("home=/usr/glenda", "$home/lib $home^/lib"),
        ("x=a; a=(v w)", "$$x"),
        ("x=(a b)", "$$x"),
        ("*=(p q r)", "$* $1 $3 $4 $#*"),
        ("x=1", "$x(1)c (a b)c a^(b c)^d"),
        ("x='it''s'", "$x 'a''b' ''"),
        ("x=(a 'b c')", "$x^'*'"),
        ("v=1", "x$v'y'$v z"),
    ];

    [TestMethod]
    public async Task Expansion_AgreesWithRc()
    {
        RequireRc();
        var failures = new List<string>();
        foreach (var (setup, words) in ExpansionCases)
        {
            var rc = RunRc($"{setup}; __r=({words}); for(__w in $__r) echo '<'^$__w^'>'");
            var expectedOutput = rc.ExitCode == 0 ? rc.Output : null;
            var expectedError = rc.ExitCode == 0 ? null : rc.Error.Trim();

            string? actualOutput;
            string? actualError = null;
            try
            {
                var variables = new ShellVariables();
                var expander = new WordExpander(variables);
                foreach (var command in ShellParser.Parse(setup, "diff.rc").Commands)
                {
                    var assignment = (AssignmentCommand)command;
                    foreach (var a in assignment.Assignments)
                    {
                        variables.Set(a.Name, await expander.ExpandAsync(a.Value));
                    }
                }

                var script = ShellParser.Parse("echo " + words, "diff.rc");
                var values = await expander.ExpandAsync(((SimpleCommand)script.Commands[0]).Words.Skip(1));
                actualOutput = string.Concat(values.Select(v => "<" + v + ">\n"));
            }
            catch (ShellExpansionException exception)
            {
                actualOutput = null;
                actualError = exception.Reason;
            }

            if (expectedOutput != actualOutput
                || (expectedError is not null && (actualError is null || !expectedError.EndsWith(actualError, StringComparison.Ordinal))))
            {
                failures.Add($"{setup}; echo {words}: rc [{expectedOutput ?? expectedError}] nsh [{actualOutput ?? actualError}]");
            }
        }

        Assert.IsEmpty(failures, string.Join("\n", failures));
    }

    // Inputs both shells must accept, and inputs both must reject. Documented deviations are left out:
    // nsh accepts '=' inside arguments and newlines inside (...) word lists; it rejects rc's empty commands
    // after '|', '&&' and '||' and a bare 'fn'.
    private static readonly string[] Accepted =
    [
        "echo a b", "echo 'it''s' a#b", "x=(a b) y=()", "x = 1", "x=1 echo $x", "a | b && c || d",
        "! a | b", "@{ a; b } &", "if(a) b\nif not c", "{if(a) b; if not c}", "for(i in a b) echo $i",
        "for(i) echo $i", "for(i in) x", "while(a; b) {c}", "switch($x){\ncase a b\n  c\ncase *\n  d\n}",
        "fn f { echo $* }", "fn f", "~ $x a* [~b]", "echo $#x $\"x $x(1 2) $$x $*", "echo `{ls | wc}",
        "echo a >[2=1] >>[2] f <g >[2=] >h", "a |[2] b", ">f echo a", "{a} >f", "echo $x(1)c (a b)c",
        "echo a ^ b", "echo ^a", "echo $ x", "echo a\\\nb", "a;;b", "&", ";", "if(a)\n\n b",
        "a &&\n b", "a |\n b", "echo if for in while not ~ ! @", "'if' x", "echo $x.c $x-y $home/lib",
        "(a b) c", "$x a", "`{echo ls} -l",
    ];

    private static readonly string[] Rejected =
    [
        "echo a(b)", "echo 'a'(b)", "{a} b", "echo a^", "echo `ls`", "x=", "echo $", "~", "if true",
        "echo >[2", "echo >[2 = 1]", "not", "in", "if(a) b; echo c; if not d", "if(a) if not b",
        "switch(a){echo x}", "echo $#x(1)", "echo $\"x(1)", "for(i in a b", "while(", "echo (a b", "echo >",
        "echo )", "echo a^^b",
    ];

    [TestMethod]
    public void SyntaxAcceptance_AgreesWithRc()
    {
        RequireRc();
        var failures = new List<string>();
        foreach (var (text, expectAccepted) in Accepted.Select(t => (t, true)).Concat(Rejected.Select(t => (t, false))))
        {
            // A function definition makes rc parse the text without running it.
            var rc = RunRc("fn __t {\n" + text + "\n}");
            var rcAccepted = rc.ExitCode == 0 && rc.Error.Length == 0;
            bool nshAccepted;
            try
            {
                ShellParser.Parse(text, "diff.rc");
                nshAccepted = true;
            }
            catch (ShellSyntaxException)
            {
                nshAccepted = false;
            }

            if (rcAccepted != expectAccepted || nshAccepted != expectAccepted)
            {
                failures.Add($"{text.Replace("\n", "\\n", StringComparison.Ordinal)}: expected {(expectAccepted ? "accept" : "reject")}, rc {(rcAccepted ? "accepts" : "rejects: " + rc.Error.Trim())}, nsh {(nshAccepted ? "accepts" : "rejects")}");
            }
        }

        Assert.IsEmpty(failures, string.Join("\n", failures));
    }

    private static readonly (string Subject, string Pattern)[] MatchCases =
    [
        ("abc", "a*"), ("abc", "b*"), ("a/b", "*"), ("a/b", "a?b"), ("abc", "a[b-c]c"), ("A", "[a-z]"),
        ("b", "[~a]"), ("a", "[~a]"), ("c", "[c-a]"), ("-", "[-a]"), ("-", "[a-]"), ("[", "["), ("]", "[]]"),
        ("a", "[]a]"), ("x.c", "*.[ch]"), ("x.o", "*.[ch]"), ("", "*"), ("ab", "?"), ("aXbXc", "a*b*c"),
        ("a]", "[a-]]"), ("q", "[~a-m]"),
    ];

    [TestMethod]
    public void PatternMatching_AgreesWithRc()
    {
        RequireRc();
        var script = string.Join(
            "\n",
            MatchCases.Select(c => $"if(~ {Quote(c.Subject)} {c.Pattern}) echo yes\nif not echo no"));

        var rc = RunRc(script);

        Assert.AreEqual(0, rc.ExitCode, rc.Error);
        var rcAnswers = rc.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(MatchCases.Length, rcAnswers);
        for (var i = 0; i < MatchCases.Length; i++)
        {
            var (subject, pattern) = MatchCases[i];
            Assert.AreEqual(rcAnswers[i] == "yes", ShellPattern.Matches(subject, pattern), $"~ {subject} {pattern}");
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
