using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Namespace.Http.Tests;

/// <summary>
/// A scripted HTTP/1.1 server on loopback for failure cases a real server will not produce on demand
/// (503s, hangs): each request is answered by <c>respond(method, target, index)</c> with a raw
/// status line, headers and body, then the connection is closed.
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, string, int, Task<string?>> _respond;
    private readonly Task _loop;
    private int _requests;

    public StubServer(Func<string, string, int, Task<string?>> respond)
    {
        _respond = respond;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(LoopAsync);
    }

    public StubServer(Func<string, string, int, string?> respond) : this((m, t, i) => Task.FromResult(respond(m, t, i)))
    {
    }

    public Uri Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    public List<string> Seen { get; } = [];

    /// <summary>A complete response with a body and Content-Length.</summary>
    public static string Response(int status, string reason, string body = "", string headers = "") =>
        $"HTTP/1.1 {status} {reason}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n{headers}\r\n{body}";

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.Latin1);
                var requestLine = await reader.ReadLineAsync(_stop.Token) ?? "";
                long length = 0;
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stop.Token)))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = long.Parse(line[15..].Trim());
                }
                var buffer = new char[4096];
                while (length > 0)
                {
                    var n = await reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), _stop.Token);
                    if (n == 0) break;
                    length -= n;
                }
                var parts = requestLine.Split(' ');
                var index = Interlocked.Increment(ref _requests) - 1;
                lock (Seen) Seen.Add(requestLine);
                var response = await _respond(parts[0], parts.Length > 1 ? parts[1] : "/", index);
                if (response is null)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away or the stub stops.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
