using System.Text;
using Namespace.Caching;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Tests.Execution;

/// <summary>A real shell session over a namespace, with its output captured.</summary>
public sealed class ShellHarness
{
    public ShellHarness(VirtualOS? os = null, string? hostDirectory = null)
    {
        Os = os ?? new VirtualOS(new CacheLayer());
        Session = new ShellSession(Os, StandardBuiltins.Table(), new MountTypeRegistry().AddCoreTypes(), hostDirectory ?? Path.GetTempPath());
    }

    public VirtualOS Os { get; }

    public ShellSession Session { get; }

    public static async Task<ShellHarness> WithMemoryRootAsync(params (string Path, string Text)[] files)
    {
        var harness = new ShellHarness();
        await harness.Os.MountAsync("/", MemoryFileSystem.FromFiles("root", files.Select(f => KeyValuePair.Create(f.Path, f.Text))));
        return harness;
    }

    /// <summary>When true, stderr says it is a terminal (as nsh's own does when a person runs it), so progress shows there.</summary>
    public bool ErrorIsTerminal { get; init; }

    public Task<RunResult> RunAsync(string script, string stdin = "", CancellationToken cancellationToken = default) =>
        RunAsync(script, Encoding.UTF8.GetBytes(stdin), cancellationToken);

    /// <summary>Runs with bytes on stdin; <see cref="RunResult.OutBytes"/> has stdout as written.</summary>
    public async Task<RunResult> RunAsync(string script, byte[] stdin, CancellationToken cancellationToken = default)
    {
        var stdout = new MemoryStream();
        var stderr = ErrorIsTerminal ? new TerminalStream() : new MemoryStream();
        var io = new ShellIO(new MemoryStream(stdin), stdout, stderr);
        var status = await Session.RunAsync(script, "test.rc", io, cancellationToken);
        return new RunResult(status, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray())) { OutBytes = stdout.ToArray() };
    }
}

public sealed record RunResult(string Status, string Out, string Err)
{
    public bool Success => ShellStatus.IsSuccess(Status);

    /// <summary>Stdout byte for byte (<see cref="Out"/> is it decoded as UTF-8).</summary>
    public byte[] OutBytes { get; init; } = [];

    public RunResult AssertOk()
    {
        Assert.IsTrue(Success, $"status '{Status}', stderr: {Err}");
        Assert.AreEqual("", Err);
        return this;
    }

    public RunResult AssertFails(string stderr)
    {
        Assert.IsFalse(Success, $"expected failure; stdout: {Out}");
        Assert.AreEqual(stderr, Err);
        return this;
    }
}

internal sealed class TerminalStream : MemoryStream, ITerminalOutput
{
    public bool IsTerminal => true;
}
