using Namespace.Http.Server;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

namespace Namespace.Nsh;

/// <summary>
/// <c>serve</c>: run the origin server over a host directory until interrupted, or (<c>-d</c>) start it, say where it
/// listens once it does, and return, leaving it running until nsh exits: the form scripts use, since the next
/// command can rely on the server being there.
/// </summary>
internal sealed class ServeBuiltin : IBuiltin
{
    private static readonly List<OriginServer> Detached = [];

    public string Name => "serve";
    public string Usage => "serve [-d] [-r] [-t token] DIR [ADDR]";
    public string Summary => "serve a host directory as an HTTP origin (loopback, 127.0.0.1:8080 by default; -r read-only; -t bearer token) until Ctrl+C (-d: in the background until nsh exits)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var args = context.Args;
        var readOnly = false;
        var detach = false;
        string? token = null;
        var i = 0;
        for (; i < args.Count && args[i].StartsWith('-'); i++)
        {
            if (args[i] == "-r") readOnly = true;
            else if (args[i] == "-d") detach = true;
            else if (args[i] == "-t" && i + 1 < args.Count) token = args[++i];
            else throw new UsageException($"unknown flag {args[i]}");
        }
        if (args.Count - i is < 1 or > 2) throw new UsageException("expected DIR [ADDR]");
        var directory = Path.GetFullPath(args[i], context.Session.HostDirectory);
        var address = args.Count - i == 2 ? args[i + 1] : "127.0.0.1:8080";
        var server = await OriginServer.StartAsync(directory, address, new OriginServerOptions { ReadOnly = readOnly, Token = token }, context.CancellationToken).ConfigureAwait(false);
        // The directory as the user named it: the line is for them (and for scripts that compare it).
        await context.Out.WriteLineAsync($"serving {args[i]} at {server.Url}").ConfigureAwait(false);
        await context.Out.FlushAsync(context.CancellationToken).ConfigureAwait(false);
        if (detach)
        {
            lock (Detached) Detached.Add(server);
            return 0;
        }
        await using var running = server;
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C stops the server; that is how it is meant to end.
        }
        return 0;
    }

    /// <summary>The standard builtins with this one and <c>browse</c> in place of their "not available yet" placeholders.</summary>
    public static BuiltinTable WithStandard()
    {
        var builtins = StandardBuiltins.Table();
        builtins.Set("serve", () => new ServeBuiltin());
        builtins.Set("browse", () => new BrowseBuiltin());
        return builtins;
    }
}
