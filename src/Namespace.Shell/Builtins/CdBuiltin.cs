using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>cd</c>: change the current directory.</summary>
internal sealed class CdBuiltin : IBuiltin
{
    public string Name => "cd";
    public string Usage => "cd [dir]";
    public string Summary => "change the current directory ($home, else /, without an argument)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count > 1) throw new UsageException("too many arguments");
        var home = context.Session.Variables.Get("home");
        var target = context.Args.Count == 1 ? context.Args[0] : home.Count > 0 ? home[0] : "/";
        await context.Os.ChangeDirectoryAsync(target, context.CancellationToken).ConfigureAwait(false);
        return 0;
    }
}
