using System.Diagnostics;
using Namespace.Shell.Tests.Execution;
using Namespace.Testing;

namespace Namespace.Shell.Tests.Builtins;

/// <summary>
/// cat, head, tail, wc and grep pass bytes on as they came (invalid UTF-8, a BOM, a missing final newline), and agree
/// byte for byte with the host's coreutils and grep over random binary and Latin-1 files.
/// </summary>
[TestClass]
public sealed class ByteExactTextToolsTests
{
    private static readonly string[] Commands =
    [
        "cat", "wc -c", "wc -l", "head -c 1000", "tail -c 1000", "head -c 0", "tail -c 100000000",
        "head -n 3", "tail -n 3", "head -n 0", "tail -n 1", "grep ab", "grep -c x", "grep -v e", "grep -n b",
    ];

    private static IEnumerable<object[]> Files()
    {
        var random = new Random(19);
        var binary = new byte[300_000];
        random.NextBytes(binary);
        yield return ["random binary", binary];
        // Latin-1 text: é, ü, ß and friends as single bytes, lines of every length, no final newline.
        var latin1 = new List<byte>();
        for (var i = 0; i < 20_000; i++) latin1.Add(random.Next(8) == 0 ? (byte)'\n' : (byte)random.Next(0x20, 0x100));
        yield return ["Latin-1 text", latin1.ToArray()];
        yield return ["BOM, invalid UTF-8, no final newline", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)'b', 0xC3, (byte)'\n', 0xFF, 0xFE, (byte)'x', (byte)'a', (byte)'b' }];
    }

    [TestMethod]
    [DynamicData(nameof(Files))]
    public async Task TextTools_OverAFile_GiveTheHostToolsBytes(string what, byte[] content)
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("f");
        await File.WriteAllBytesAsync(file, content);
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t local . /h")).AssertOk();
        foreach (var command in Commands)
        {
            // -a: the host's grep would say "binary file matches" where nsh's prints the lines.
            var host = await HostAsync(dir.Path, command.Replace("grep ", "grep -a ", StringComparison.Ordinal) + " < f");
            var ours = await sh.RunAsync(command + " < /h/f");
            CollectionAssert.AreEqual(host, ours.OutBytes, $"{what}: {command} (ours: {ours.Err})");
            var piped = await sh.RunAsync("cat /h/f | " + command);
            CollectionAssert.AreEqual(host, piped.OutBytes, $"{what}: cat | {command} (ours: {piped.Err})");
        }
    }

    // The host's tool over the same file, in the C locale: bytes are characters, as they are to nsh's tools.
    private static async Task<byte[]> HostAsync(string directory, string command)
    {
        var start = new ProcessStartInfo("sh") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        try
        {
            var output = new MemoryStream();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.BaseStream.CopyToAsync(output);
            await process.WaitForExitAsync();
            Assert.AreEqual("", await stderr, command);
            return output.ToArray();
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [TestMethod]
    public async Task HeadTailGrepWc_ALongLineWithoutNewline_AreNotHeldWhole()
    {
        using var dir = new TempDirectory();
        const long size = 64L * 1024 * 1024;
        // A sparse file: 64 MiB of zero bytes and not one newline, without writing them.
        using (var file = File.Create(dir.Combine("big"))) file.SetLength(size);
        var sh = new ShellHarness(hostDirectory: dir.Path);
        (await sh.RunAsync("mount -t local . /h")).AssertOk();
        foreach (var command in new[] { "head -n 1 /h/big | wc -c", "tail -n 1 /h/big | wc -c", "cat /h/big | tail -n 1 | wc -c" })
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var result = await sh.RunAsync(command);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.AreEqual($"{size}\n", result.AssertOk().Out, command);
            if (!command.StartsWith("cat", StringComparison.Ordinal))
                Assert.IsTrue(allocated < 32 * 1024 * 1024, $"{command} allocated {allocated / (1024 * 1024)} MiB for a 64 MiB line");
        }
        var grep = await sh.RunAsync("grep x /h/big");
        Assert.AreEqual("nsh: grep: /h/big: line 1 is longer than 16 MiB\n", grep.Err);
        Assert.AreEqual("2", grep.Status);
    }
}
