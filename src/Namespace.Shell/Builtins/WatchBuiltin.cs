using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>watch</c>: print change events until interrupted.</summary>
internal sealed class WatchBuiltin : IBuiltin
{
    public string Name => "watch";
    public string Usage => "watch [path]";
    public string Summary => "print change events at or below path (created, changed, deleted, renamed, overflow) until Ctrl+C";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "");
        if (flags.Operands.Count > 1) throw new UsageException("one path at most");
        var path = flags.Operands.Count == 1 ? flags.Operands[0] : ".";
        await foreach (var change in context.Os.Watch(path, cancellationToken: context.CancellationToken).ConfigureAwait(false))
        {
            var line = change.OldPath is { } old
                ? $"{change.Kind.ToString().ToLowerInvariant()} {old} {change.Path}"
                : $"{change.Kind.ToString().ToLowerInvariant()} {change.Path}";
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
            await context.Out.FlushAsync(context.CancellationToken).ConfigureAwait(false);
        }
        return 0;
    }
}
