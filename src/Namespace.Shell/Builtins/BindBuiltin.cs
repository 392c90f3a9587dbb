using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>bind</c>: make what is at NEW appear at OLD too.</summary>
internal sealed class BindBuiltin : IBuiltin
{
    public string Name => "bind";
    public string Usage => "bind [-b|-a] [-c] [-C] [-o k=v,...] NEW OLD";
    public string Summary => "bind what is at NEW onto OLD (-b before, -a after the existing union)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "bacC", "o");
        var options = MountOptions.From(flags, context.Session.MountTypes, type: null, forProvider: []);
        if (flags.Operands.Count != 2) throw new UsageException("expected NEW OLD");
        await context.Os.BindAsync(flags.Operands[0], flags.Operands[1], options, context.CancellationToken).ConfigureAwait(false);
        return 0;
    }
}
