using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>rfork n</c>: give this shell a private copy of the namespace.</summary>
internal sealed class RforkBuiltin : IBuiltin
{
    public string Name => "rfork";
    public string Usage => "rfork [n]";
    public string Summary => "rfork n: continue with a private copy of the namespace (use inside @{ ... })";

    public ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = context.Args.Count == 0 ? "n" : string.Concat(context.Args);
        if (flags.Any(c => c != 'n')) throw new UsageException("only n (a private namespace) is supported");
        context.Session.Os = context.Os.Fork();
        return ValueTask.FromResult(0);
    }
}
