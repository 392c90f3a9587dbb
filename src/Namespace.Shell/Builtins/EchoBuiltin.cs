using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>echo</c>: print the words.</summary>
internal sealed class EchoBuiltin : IBuiltin
{
    public string Name => "echo";
    public string Usage => "echo [-n] [word...]";
    public string Summary => "print the words separated by spaces (-n: no newline)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var noNewline = context.Args.Count > 0 && context.Args[0] == "-n";
        var text = string.Join(' ', context.Args.Skip(noNewline ? 1 : 0));
        await context.Out.WriteAsync(noNewline ? text : text + "\n").ConfigureAwait(false);
        return 0;
    }
}
