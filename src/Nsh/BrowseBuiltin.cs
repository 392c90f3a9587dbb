using Namespace.Browser.Terminal;
using Namespace.Core.Errors;
using Namespace.Shell.Execution;

namespace Namespace.Nsh;

/// <summary>
/// <c>browse</c>: the full-screen browser. Only <see cref="RunAsync"/> touches the browser's types, so its
/// assembly and Spectre.Console are loaded when browse runs, never at start-up.
/// </summary>
internal sealed class BrowseBuiltin : IBuiltin
{
    public string Name => "browse";
    public string Usage => "browse [path]";
    public string Summary => "browse the namespace full screen: listing, preview, cache state, namespace view (q quits)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        if (context.Args.Count > 1) throw new UsageException("too many arguments");
        if (TerminalBrowser.WhyNot() is { } reason)
        {
            await context.ErrorAsync(reason).ConfigureAwait(false);
            return 1;
        }
        var os = context.Os;
        try
        {
            var path = context.Args.Count == 1 ? os.ResolvePath(context.Args[0]) : os.CurrentDirectory;
            var entry = await os.StatAsync(path, context.CancellationToken).ConfigureAwait(false);
            // A file opens its directory with the cursor on it.
            if (entry.IsDirectory) await TerminalBrowser.RunAsync(os, path, null, context.CancellationToken).ConfigureAwait(false);
            else await TerminalBrowser.RunAsync(os, path.Parent, path.Name, context.CancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException e)
        {
            await context.ErrorAsync(e).ConfigureAwait(false);
            return 1;
        }
        return 0;
    }
}
