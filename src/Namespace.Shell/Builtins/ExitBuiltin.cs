using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>exit</c>: end the script or shell.</summary>
internal sealed class ExitBuiltin : IBuiltin
{
    public string Name => "exit";
    public string Usage => "exit [status]";
    public string Summary => "end the script or shell, with status (default: the last command's)";

    public ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count > 1) throw new UsageException("one status at most");
        throw new ShellExitException(context.Args.Count == 1 ? context.Args[0] : context.Session.Status);
    }
}
