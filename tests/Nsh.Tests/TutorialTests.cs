using System.Text;
using System.Text.RegularExpressions;
using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Nsh;
using Namespace.Shell.Execution;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>Every command shown in the tutorials runs, in order, in one shell started like nsh in the repository (nsh's mount types), and prints what the page shows.</summary>
[TestClass]
public sealed partial class TutorialTests
{
    [GeneratedRegex("```nsh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex NshBlocks();

    [TestMethod]
    [DataRow("first-namespace.md")]
    [DataRow("cached-feeds.md")]
    [DataRow("write-back.md")]
    public async Task Tutorial_EveryCommand_PrintsWhatThePageShows(string page)
    {
        var repo = RepoPaths.Root();
        var text = await File.ReadAllTextAsync(Path.Combine(repo, "tutorials", page));
        using var copy = new TempDirectory();
        RepoPaths.CopyStartupTo(copy.Path);
        var session = new ShellSession(new VirtualOS(new CacheLayer()), ServeBuiltin.WithStandard(), NshMountTypes.Create(), copy.Path);
        await RunAsync(session, await File.ReadAllTextAsync(copy.Combine("namespace.rc")), "namespace.rc", expected: "");

        var steps = 0;
        foreach (Match block in NshBlocks().Matches(text))
        {
            string? command = null;
            var expected = new StringBuilder();
            foreach (var line in block.Groups[1].Value.Split('\n').SkipLast(1))
            {
                if (line.StartsWith("; ", StringComparison.Ordinal))
                {
                    if (command is not null) await RunAsync(session, command, page, expected.ToString());
                    command = line[2..];
                    expected.Clear();
                    steps++;
                }
                else
                {
                    Assert.IsNotNull(command, $"{page}: output line before any command: {line}");
                    expected.Append(line).Append('\n');
                }
            }
            if (command is not null) await RunAsync(session, command, page, expected.ToString());
        }
        Assert.IsTrue(steps >= 20, $"{page} shows {steps} commands");
    }

    private static async Task RunAsync(ShellSession session, string command, string page, string expected)
    {
        // Output and errors into one stream, as a terminal shows them.
        var screen = new MemoryStream();
        await session.RunAsync(command, page, new ShellIO(Stream.Null, screen, screen));
        Assert.AreEqual(expected, Encoding.UTF8.GetString(screen.ToArray()), $"{page}: ; {command}");
    }
}
