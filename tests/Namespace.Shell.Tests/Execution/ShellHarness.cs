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

    public async Task<RunResult> RunAsync(string script, string stdin = "", CancellationToken cancellationToken = default)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var io = new ShellIO(new MemoryStream(Encoding.UTF8.GetBytes(stdin)), stdout, stderr);
        var status = await Session.RunAsync(script, "test.rc", io, cancellationToken);
        return new RunResult(status, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }
}

public sealed record RunResult(string Status, string Out, string Err)
{
    public bool Success => ShellStatus.IsSuccess(Status);

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
