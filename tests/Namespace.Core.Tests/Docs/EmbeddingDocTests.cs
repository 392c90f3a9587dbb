using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Namespace.Core.Tests.Docs;

/// <summary>docs/embedding.md shows a complete program; it must be the sample that builds, and print what the page says.</summary>
[TestClass]
public sealed partial class EmbeddingDocTests
{
    [GeneratedRegex("```csharp\n(.*?)```\n\nOutput:\n\n```text\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlocks();

    [TestMethod]
    public async Task EmbeddingExample_MatchesSampleAndItsOutput()
    {
        var repo = Namespace.Testing.RepoPaths.Root();
        var doc = await File.ReadAllTextAsync(Path.Combine(repo, "docs", "embedding.md"));
        var match = ExampleBlocks().Match(doc);
        Assert.IsTrue(match.Success, "docs/embedding.md has a csharp block followed by its output");
        var sample = await File.ReadAllTextAsync(Path.Combine(repo, "samples", "Embedding", "Program.cs"));
        Assert.AreEqual(sample, match.Groups[1].Value, "the page shows samples/Embedding/Program.cs verbatim");

        var dll = Path.Combine(AppContext.BaseDirectory, "Embedding.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, await stderr);
        Assert.AreEqual(match.Groups[2].Value, await stdout);
    }
}
