using Namespace.Caching;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>resolve</c>: settles a change the uploader parked (a conflict, or a failure), keeping one side.</summary>
internal sealed class ResolveBuiltin : IBuiltin
{
    public string Name => "resolve";
    public string Usage => "resolve --keep-local|--keep-remote path";
    public string Summary => "settle a parked upload: --keep-local uploads yours over the origin's, --keep-remote gives yours up";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        bool? keepLocal = null;
        var paths = new List<string>();
        foreach (var arg in context.Args)
        {
            switch (arg)
            {
                case "--keep-local" or "--keep-remote":
                    var local = arg == "--keep-local";
                    if (keepLocal is { } given && given != local) throw new UsageException("give one of --keep-local and --keep-remote");
                    keepLocal = local;
                    break;
                case ['-', ..] when paths.Count == 0:
                    throw new UsageException($"unknown option '{arg}'");
                default:
                    paths.Add(arg);
                    break;
            }
        }
        if (keepLocal is null) throw new UsageException("say which side to keep: --keep-local or --keep-remote");
        if (paths.Count == 0) throw new UsageException("no path");
        var status = 0;
        foreach (var path in paths)
        {
            try
            {
                await context.Os.ResolveAsync(path, keepLocal.Value, context.CancellationToken).ConfigureAwait(false);
            }
            catch (Namespace.Core.Errors.NamespaceException ex)
            {
                await context.ErrorAsync(ex).ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }
}
