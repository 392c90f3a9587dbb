using Namespace.Http.Server;
using Namespace.Shell.Builtins;
using Namespace.Shell.Execution;

namespace Namespace.Nsh;

/// <summary><c>serve</c>: run the origin server over a host directory until interrupted.</summary>
internal sealed class ServeBuiltin : IBuiltin
{
    public string Name => "serve";
    public string Usage => "serve [-r] [-t token] DIR [ADDR]";
    public string Summary => "serve a host directory as an HTTP origin (loopback, 127.0.0.1:8080 by default; -r read-only; -t bearer token) until Ctrl+C";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var args = context.Args;
        var readOnly = false;
        string? token = null;
        var i = 0;
        for (; i < args.Count && args[i].StartsWith('-'); i++)
        {
            if (args[i] == "-r") readOnly = true;
            else if (args[i] == "-t" && i + 1 < args.Count) token = args[++i];
            else throw new UsageException($"unknown flag {args[i]}");
        }
        if (args.Count - i is < 1 or > 2) throw new UsageException("expected DIR [ADDR]");
        var directory = Path.GetFullPath(args[i], context.Session.HostDirectory);
        var address = args.Count - i == 2 ? args[i + 1] : "127.0.0.1:8080";
        await using var server = await OriginServer.StartAsync(directory, address, new OriginServerOptions { ReadOnly = readOnly, Token = token }, context.CancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"serving {directory} at {server.Url}").ConfigureAwait(false);
        await context.Out.FlushAsync(context.CancellationToken).ConfigureAwait(false);
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
