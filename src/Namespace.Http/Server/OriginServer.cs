using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Namespace.Core.Local;

namespace Namespace.Http.Server;

/// <summary>
/// The reference origin (<c>nsh serve DIR [ADDR]</c>): serves a host directory over HTTP through a
/// <see cref="LocalFileSystem"/>, with strong ETags, ranges, conditional reads and writes, atomic
/// PUT, DELETE, MKCOL, MOVE, JSON and HTML listings and a Server-Sent Events stream of changes at
/// <c>/.events</c>. The protocol is described in <c>docs/httpfs.md</c>.
/// </summary>
public sealed class OriginServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OriginHandler _handler;
    private readonly LocalFileSystem _fs;
    private int _disposed;

    private OriginServer(WebApplication app, OriginHandler handler, LocalFileSystem fs, Uri url)
    {
        _app = app;
        _handler = handler;
        _fs = fs;
        Url = url;
    }

    /// <summary>The URL the server listens on, with the port it was given (ends with <c>/</c>).</summary>
    public Uri Url { get; }

    /// <summary>The real host directory served.</summary>
    public string Directory => _fs.HostRoot;

    /// <summary>
    /// Starts serving <paramref name="directory"/> on <paramref name="address"/> (<c>HOST:PORT</c>,
    /// <c>[::1]:PORT</c> or <c>http://HOST:PORT</c>; port 0 picks a free one).
    /// </summary>
    /// <exception cref="ArgumentException">The address is malformed, or not loopback without <see cref="OriginServerOptions.AllowRemote"/>.</exception>
    /// <exception cref="Core.Errors.NamespaceException">The directory does not exist (NotFound) or is a file (NotADirectory).</exception>
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static async Task<OriginServer> StartAsync(string directory, string address = "127.0.0.1:0", OriginServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new OriginServerOptions();
        var listen = ListenUrl(address, options.AllowRemote);
        var fs = new LocalFileSystem(directory);
        var handler = new OriginHandler(fs, options);
        WebApplication? app = null;
        try
        {
            // Before the first request: what a server killed mid-upload left behind goes (a read-only server changes nothing).
            if (!options.ReadOnly) fs.RemoveStaleTemporaryFiles(LocalFileSystem.StaleTemporaryFileAge, cancellationToken);
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
            });
            builder.WebHost.UseUrls(listen);
            builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
            app = builder.Build();
            app.Run(handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = app.Urls.First();
            return new OriginServer(app, handler, fs, new Uri(bound.TrimEnd('/') + "/"));
        }
        catch
        {
            if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
            await handler.DisposeAsync().ConfigureAwait(false);
            fs.Dispose();
            throw;
        }
    }

    /// <summary>The web host's services (for tests of how the host is set up).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>Closes the event streams open now (clients reconnect and resume); for tests of resumption.</summary>
    internal void DropEventStreams() => _handler.DropStreams();

    /// <summary>Closes event streams, stops listening and stops watching the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _handler.StopStreams();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _handler.DisposeAsync().ConfigureAwait(false);
        _fs.Dispose();
    }

    /// <summary>Turns an address into a Kestrel URL, refusing non-loopback hosts unless allowed.</summary>
    internal static string ListenUrl(string address, bool allowRemote)
    {
        var text = address.Trim();
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{address}: https is not supported (put a TLS proxy in front)", nameof(address));
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) text = text["http://".Length..];
        text = text.TrimEnd('/');
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) throw new ArgumentException($"{address}: malformed IPv6 address", nameof(address));
            host = text[1..close];
            port = close + 1 < text.Length && text[close + 1] == ':' ? text[(close + 2)..] : "0";
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? "0" : text[(colon + 1)..];
        }
        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) host = "127.0.0.1";
        if (!ushort.TryParse(port, out _)) throw new ArgumentException($"{address}: malformed port", nameof(address));
        var isIp = IPAddress.TryParse(host, out var ip);
        if (!allowRemote && !(isIp && IPAddress.IsLoopback(ip!)))
            throw new ArgumentException($"{address}: not a loopback address (allow remote clients explicitly to serve on it)", nameof(address));
        var hostForUrl = isIp && ip!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        return $"http://{hostForUrl}:{port}";
    }
}
