using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>return [status]</c>: leave the current function (or <c>.</c> file), as in rc.</summary>
internal sealed class ReturnBuiltin : IBuiltin
{
    public string Name => "return";
    public string Usage => "return [status]";
    public string Summary => "leave the current function or . file with status (default: the last command's)";

    public ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count > 1) throw new UsageException("one status at most");
        if (context.Session.CallDepth == 0) throw new UsageException("not in a function or . file");
        throw new ShellReturnException(context.Args.Count == 1 ? context.Args[0] : context.Session.Status);
    }
}
