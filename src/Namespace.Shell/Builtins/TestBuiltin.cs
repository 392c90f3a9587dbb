using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>test</c>: is a path there, a file, a directory.</summary>
internal sealed class TestBuiltin : IBuiltin
{
    public string Name => "test";
    public string Usage => "test -e|-f|-d path";
    public string Summary => "true if path exists (-e), is a file (-f) or a directory (-d)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count != 2 || context.Args[0] is not ("-e" or "-f" or "-d")) throw new UsageException("expected -e, -f or -d and one path");
        var entry = await context.Os.TryStatAsync(context.Os.ResolvePath(context.Args[1]), context.CancellationToken).ConfigureAwait(false);
        var ok = context.Args[0] switch
        {
            "-e" => entry is not null,
            "-f" => entry is { IsDirectory: false },
            _ => entry is { IsDirectory: true },
        };
        return ok ? 0 : 1;
    }
}
