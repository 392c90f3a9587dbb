using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Namespace.Http.Server;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// The write-back promise under SIGKILL: a real nsh copies, appends, renames and removes files through a write-back
/// element over our origin server and is killed at named points in the code (around the local commit, around each step
/// of an upload, halfway through a rename) and at random moments; after each kill nsh starts again on the same
/// start-up script and runs <c>flush</c>. Then the origin holds exactly what the operations up to the last one that
/// returned made (or one more: the one cut short may have gone through), byte for byte, and no conflict is reported.
/// </summary>
[TestClass]
public sealed class WriteBackCrashTests
{
    private const int OpsPerRound = 40;
    private const int RandomRounds = 24;

    private static readonly string[] Points =
    [
        "local-write.staged", "local-write.before-commit", "local-write.committed", "mark.before-commit", "mark.committed",
        "upload.claimed", "upload.mid-body", "upload.accepted", "upload.completed", "rename.copied",
    ];

    private static readonly int[] BlobSizes = [0, 1, 17, 4096, 65_535, 65_537, 200_000, 1_048_575, 1_048_577, 2_500_000];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(1_200_000, CooperativeCancellation = true)]
    public async Task KilledAtFiftyPoints_EveryChangeThatReturned_ReachesTheOrigin_InOrder_WithNoFalseConflict()
    {
        var seed = Environment.GetEnvironmentVariable("CRASH_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 20261208;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var originDirectory = Directory.CreateDirectory(dir.Combine("origin")).FullName;
        Directory.CreateDirectory(dir.Combine("src"));
        var blobs = BlobSizes.Select(size =>
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return bytes;
        }).ToArray();
        for (var i = 0; i < blobs.Length; i++) File.WriteAllBytes(dir.Combine("src", $"b{i}"), blobs[i]);
        await using var origin = await OriginServer.StartAsync(originDirectory, "127.0.0.1:0", cancellationToken: TestContext.CancellationToken);
        File.WriteAllText(dir.Combine("ns.rc"), $"""
            mount -t mem root /
            mount -o ro -t local src /src
            mount -t http {origin.Url} /o
            mount -bC -o mode=writeback -t db cache.db /o /o

            """);

        var ops = new Workload(random, blobs).Make(Points.Length * 3 * OpsPerRound + (RandomRounds * OpsPerRound));
        var plan = Points.SelectMany(p => new[] { 1, 2, 4 }.Select(hit => $"{p}#{hit}")).Concat(Enumerable.Repeat<string?>(null, RandomRounds)).ToList();
        var done = 0;
        var kills = new List<string>();
        try
        {
            await RunRoundsAsync();
        }
        catch (AssertFailedException)
        {
            // What the failing round left, for a look at its journal and cache with sqlite3.
            var kept = Path.Combine(Path.GetTempPath(), $"nsh-crash-{seed}-{Environment.ProcessId}");
            CopyTree(dir.Path, kept);
            TestContext.WriteLine($"the directory of the failing round is kept in {kept}");
            throw;
        }
        TestContext.WriteLine($"seed {seed}: {kills.Count} kills ({string.Join(", ", kills.GroupBy(k => k.Split('#')[0]).Select(g => $"{g.Key} {g.Count()}"))}), {done} operations");
        Assert.IsTrue(kills.Count >= 50, $"only {kills.Count} rounds were killed: {string.Join(", ", kills)}");

        async Task RunRoundsAsync()
        {
            foreach (var point in plan)
            {
                var round = ops.Skip(done).Take(OpsPerRound).ToList();
                if (round.Count == 0) break;
                var script = new StringBuilder();
                for (var i = 0; i < round.Count; i++) script.Append(round[i].Command).Append("\necho ok ").Append(done + i).Append('\n');
                File.WriteAllText(dir.Combine("work.rc"), script.ToString());

                var environment = new Dictionary<string, string?> { ["NSH_CRASH_AT"] = point };
                (int ExitCode, string Stderr) end;
                IReadOnlyCollection<string> lines;
                await using (var nsh = RunningNsh.Start(dir.Path, environment, "-n", "ns.rc", "work.rc"))
                {
                    if (point is null && await nsh.WaitForLineAsync(l => l.StartsWith("ok ", StringComparison.Ordinal), TestContext.CancellationToken))
                    {
                        await Task.Delay(random.Next(0, 500), TestContext.CancellationToken); // the random moment itself
                        await nsh.KillAsync();
                    }
                    end = await nsh.WaitAsync(TestContext.CancellationToken);
                    lines = nsh.Lines;
                }
                var killed = end.ExitCode == 137;
                var returned = done + lines.Count(l => l.StartsWith("ok ", StringComparison.Ordinal));
                var what = $"round {kills.Count + 1} (seed {seed}, {point ?? "random"}, ops {done}..{done + round.Count - 1}, {returned - done} returned)";
                if (killed) kills.Add(point ?? "random");
                else
                {
                    Assert.AreEqual(0, end.ExitCode, $"{what}: {end.Stderr}");
                    Assert.AreEqual(done + round.Count, returned, what);
                }
                Assert.IsFalse(end.Stderr.Split('\n').Any(l => l.Length > 0 && !l.Contains("resume at the next start", StringComparison.Ordinal) && !l.Contains("resumes at the next start", StringComparison.Ordinal)),
                    $"{what}: no operation fails: {end.Stderr}");

                var flush = await NshProcess.RunAsync(dir.Path, null, "-n", "ns.rc", "-c", "flush");
                if (flush.ExitCode != 0 || flush.Stderr.Length > 0)
                {
                    var paths = Regex.Matches(flush.Stdout, "(/o/[^: ]+):").Select(m => m.Groups[1].Value).ToHashSet();
                    var names = ops.Take(done + round.Count).Select((op, i) => $"{i}: {op.Command}").Where(l => l.Split(' ').Any(paths.Contains));
                    Assert.Fail($"{what}: flush after the restart: {flush.ExitCode} {flush.Stdout}{flush.Stderr}\nkilled: {killed}\n{string.Join('\n', names)}");
                }

                var at = new OriginTree(originDirectory);
                var candidates = killed ? new[] { returned, returned + 1 } : [returned];
                var match = candidates.Where(j => j <= done + round.Count).FirstOrDefault(j => at.Matches(Workload.StateAfter(ops, j)), -1);
                if (match < 0)
                {
                    var differences = candidates.Select(j => $"against the state after {j} operations:\n{at.Difference(Workload.StateAfter(ops, j))}");
                    var recent = ops.Select((op, i) => $"{i}: {op.Command}").Skip(Math.Max(0, returned - 3)).Take(5);
                    Assert.Fail($"{what}: the origin is not what the operations that returned made\n{string.Join('\n', differences)}\nlast operations:\n{string.Join('\n', recent)}");
                }
                done = match;
            }
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    private sealed record Op(string Command, Action<State> Apply);

    /// <summary>What the origin should hold: files (with their bytes) and directories, by path below the mount.</summary>
    private sealed class State
    {
        public SortedDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> Directories { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A seeded run of operations, each valid in the state the ones before it leave.</summary>
    private sealed class Workload(Random random, byte[][] blobs)
    {
        private readonly State _state = new();
        private int _names;

        public List<Op> Make(int count)
        {
            var ops = new List<Op>();
            while (ops.Count < count)
            {
                var op = Next();
                if (op is null) continue;
                op.Apply(_state);
                ops.Add(op);
            }
            return ops;
        }

        public static State StateAfter(List<Op> ops, int count)
        {
            var state = new State();
            foreach (var op in ops.Take(count)) op.Apply(state);
            return state;
        }

        private Op? Next()
        {
            var roll = random.Next(100);
            var files = _state.Files.Keys.ToArray();
            var blob = random.Next(blobs.Length);
            var bytes = blobs[blob];
            switch (roll)
            {
                case < 25:
                {
                    var path = Join(AnyDirectory(), $"f{_names++}");
                    return new Op($"cp /src/b{blob} /o/{path}", s => s.Files[path] = bytes);
                }
                case < 38 when files.Length > 0:
                {
                    var path = files[random.Next(files.Length)];
                    return new Op($"cp /src/b{blob} /o/{path}", s => s.Files[path] = bytes);
                }
                case < 48 when files.Length > 0:
                {
                    var path = files[random.Next(files.Length)];
                    var line = $"line {_names++}";
                    return new Op($"write -a /o/{path} '{line}'", s => s.Files[path] = [.. s.Files[path], .. Encoding.UTF8.GetBytes(line + "\n")]);
                }
                case < 58:
                {
                    var parent = AnyDirectory();
                    if (parent.Count(c => c == '/') >= 2) return null;
                    var path = Join(parent, $"d{_names++}");
                    return new Op($"mkdir /o/{path}", s => s.Directories.Add(path));
                }
                case < 73 when files.Length > 0:
                {
                    var from = files[random.Next(files.Length)];
                    var to = Join(AnyDirectory(), $"f{_names++}");
                    return new Op($"mv /o/{from} /o/{to}", s => Move(s, from, to));
                }
                case < 78 when files.Length > 1:
                {
                    var from = files[random.Next(files.Length)];
                    var to = files[random.Next(files.Length)];
                    return from == to ? null : new Op($"mv /o/{from} /o/{to}", s => Move(s, from, to));
                }
                case < 94 when files.Length > 0:
                {
                    var path = files[random.Next(files.Length)];
                    return new Op($"rm /o/{path}", s => s.Files.Remove(path));
                }
                case >= 94:
                {
                    var empty = _state.Directories.Where(d => !_state.Files.Keys.Concat(_state.Directories).Any(p => p.StartsWith(d + "/", StringComparison.Ordinal))).ToArray();
                    if (empty.Length == 0) return null;
                    var path = empty[random.Next(empty.Length)];
                    return new Op($"rm /o/{path}", s => s.Directories.Remove(path));
                }
                default:
                    return null;
            }
        }

        private string AnyDirectory()
        {
            var directories = _state.Directories.ToArray();
            var pick = random.Next(directories.Length + 1);
            return pick == directories.Length ? "" : directories[pick];
        }

        private static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

        private static void Move(State s, string from, string to)
        {
            s.Files[to] = s.Files[from];
            s.Files.Remove(from);
        }
    }

    /// <summary>What the origin server's directory holds.</summary>
    private sealed class OriginTree(string root)
    {
        private readonly State _state = Read(root);

        public bool Matches(State expected) =>
            _state.Directories.SetEquals(expected.Directories)
            && _state.Files.Count == expected.Files.Count
            && _state.Files.All(f => expected.Files.TryGetValue(f.Key, out var bytes) && bytes.AsSpan().SequenceEqual(f.Value));

        public string Difference(State expected)
        {
            var lines = new List<string>();
            foreach (var d in expected.Directories.Except(_state.Directories)) lines.Add($"missing directory {d}");
            foreach (var d in _state.Directories.Except(expected.Directories)) lines.Add($"unexpected directory {d}");
            foreach (var (path, bytes) in expected.Files)
            {
                if (!_state.Files.TryGetValue(path, out var there)) lines.Add($"missing file {path} ({bytes.Length} bytes)");
                else if (!there.AsSpan().SequenceEqual(bytes)) lines.Add($"file {path}: {there.Length} bytes, expected {bytes.Length}");
            }
            foreach (var path in _state.Files.Keys.Except(expected.Files.Keys)) lines.Add($"unexpected file {path} ({_state.Files[path].Length} bytes)");
            return string.Join('\n', lines);
        }

        private static State Read(string root)
        {
            var state = new State();
            foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, entry).Replace(Path.DirectorySeparatorChar, '/');
                if (Directory.Exists(entry)) state.Directories.Add(relative);
                else state.Files[relative] = File.ReadAllBytes(entry);
            }
            return state;
        }
    }
}
