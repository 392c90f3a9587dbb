using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>unmount</c>: drop a union, or one element of it.</summary>
internal sealed class UnmountBuiltin : IBuiltin
{
    public string Name => "unmount";
    public string Usage => "unmount [NEW] OLD";
    public string Summary => "remove the union at OLD, or only the element NEW from it";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "");
        switch (flags.Operands.Count)
        {
            case 1:
                await context.Os.UnmountAsync(flags.Operands[0], context.CancellationToken).ConfigureAwait(false);
                return 0;
            case 2:
                await context.Os.UnmountAsync(flags.Operands[0], flags.Operands[1], context.CancellationToken).ConfigureAwait(false);
                return 0;
            default:
                throw new UsageException("expected [NEW] OLD");
        }
    }
}
