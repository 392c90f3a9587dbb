using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>pwd</c>: print the current directory.</summary>
internal sealed class PwdBuiltin : IBuiltin
{
    public string Name => "pwd";
    public string Usage => "pwd";
    public string Summary => "print the current directory";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        await context.Out.WriteLineAsync(context.Os.CurrentDirectory.Value).ConfigureAwait(false);
        return 0;
    }
}
