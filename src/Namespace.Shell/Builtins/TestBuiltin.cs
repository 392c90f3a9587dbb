using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>
/// <c>test</c>: is a path there, a regular file, a directory, a symbolic link. As Unix test, -e, -f and -d follow a link
/// (one that cannot be followed is nothing there); -L asks about the link itself.
/// </summary>
internal sealed class TestBuiltin : IBuiltin
{
    public string Name => "test";
    public string Usage => "test -e|-f|-d|-L path";
    public string Summary => "true if path exists (-e), is a regular file (-f), a directory (-d) or a symbolic link (-L)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count != 2 || context.Args[0] is not ("-e" or "-f" or "-d" or "-L")) throw new UsageException("expected -e, -f, -d or -L and one path");
        var path = context.Os.ResolvePath(context.Args[1]);
        var entry = await context.Os.TryStatAsync(path, context.CancellationToken).ConfigureAwait(false);
        var ok = context.Args[0] switch
        {
            "-L" => entry is not null && (entry.Kind == EntryKind.SymbolicLink || await IsFollowedLinkAsync(context, path).ConfigureAwait(false)),
            "-e" => entry is not null && entry.Kind != EntryKind.SymbolicLink,
            "-f" => entry is { Kind: EntryKind.File },
            _ => entry is { IsDirectory: true },
        };
        return ok ? 0 : 1;
    }

    // A link that can be followed is stat'd as what it points to; its directory's listing says it is a link.
    private static async ValueTask<bool> IsFollowedLinkAsync(CommandContext context, VPath path)
    {
        if (path.IsRoot) return false;
        await foreach (var sibling in context.Os.ListAsync(path.Parent.Value, context.CancellationToken).ConfigureAwait(false))
        {
            if (sibling.Name == path.Name) return sibling.IsSymbolicLink;
        }
        return false;
    }
}
