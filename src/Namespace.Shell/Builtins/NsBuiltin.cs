using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>ns</c>: print the namespace as a script that rebuilds it.</summary>
internal sealed class NsBuiltin : IBuiltin
{
    public string Name => "ns";
    public string Usage => "ns";
    public string Summary => "print the namespace as mount commands that rebuild it";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count != 0) throw new UsageException("ns takes no arguments");
        await context.Out.WriteAsync(context.Os.Ns()).ConfigureAwait(false);
        return 0;
    }
}
