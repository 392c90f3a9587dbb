using System.Net;
using System.Net.Sockets;

namespace Namespace.Http.Benchmarks;

/// <summary>
/// An HttpClient handler set up as httpfs sets up its own, that counts requests and the bytes each
/// connection received: the kernel's <c>tcpi_bytes_received</c>, read just before the socket closes,
/// so data the server sent that the client never read (an abandoned response) is counted too.
/// </summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private const int TcpInfo = 11;
    private const int BytesReceivedOffset = 128;
    private long _requests;
    private long _bytesReceived;
    private long _connections;

    public CountingHandler()
    {
        InnerHandler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = ConnectAsync,
        };
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Bytes received on connections closed so far (dispose the client first to close them all).</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return base.SendAsync(request, cancellationToken);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new CountedStream(socket, this);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class CountedStream(Socket connected, CountingHandler owner) : NetworkStream(connected, ownsSocket: true)
    {
        private int _closed;

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Span<byte> info = stackalloc byte[256];
                var length = Socket.GetRawSocketOption((int)ProtocolType.Tcp, TcpInfo, info);
                if (length < BytesReceivedOffset + 8) throw new PlatformNotSupportedException("TCP_INFO without tcpi_bytes_received (Linux 4.1 or newer needed)");
                Interlocked.Add(ref owner._bytesReceived, BitConverter.ToInt64(info[BytesReceivedOffset..]));
            }
            base.Dispose(disposing);
        }
    }
}
