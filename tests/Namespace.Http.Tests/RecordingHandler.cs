using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Namespace.Http.Tests;

/// <summary>A real client handler (redirects off, as httpfs uses) that records each request's Range header and counts the connections it opens.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly List<RangeHeaderValue?> _ranges = [];
    private int _connections;

    public RecordingHandler()
    {
        InnerHandler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                Interlocked.Increment(ref _connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
    }

    /// <summary>The Range header of every request sent, in order (null where there was none).</summary>
    public IReadOnlyList<RangeHeaderValue?> Ranges
    {
        get
        {
            lock (_ranges) return [.. _ranges];
        }
    }

    public int Connections => Volatile.Read(ref _connections);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_ranges) _ranges.Add(request.Headers.Range);
        return base.SendAsync(request, cancellationToken);
    }
}
