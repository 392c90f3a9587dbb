using System.Net.Sockets;
using System.Text;
using Namespace.Http.Server;
using Namespace.Testing;

namespace Namespace.Http.Tests;

/// <summary>A real origin server on loopback over a fresh temp directory, and a client for it.</summary>
public sealed class OriginFixture : IAsyncDisposable
{
    private OriginFixture(TempDirectory dir, OriginServer server, string? token)
    {
        Dir = dir;
        Server = server;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        Client = new HttpClient(handler) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) Client.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    public TempDirectory Dir { get; }

    public OriginServer Server { get; }

    public HttpClient Client { get; }

    public Uri Url => Server.Url;

    public static async Task<OriginFixture> StartAsync(OriginServerOptions? options = null, bool sendToken = true)
    {
        var dir = new TempDirectory();
        var server = await OriginServer.StartAsync(dir.Path, "127.0.0.1:0", options);
        return new OriginFixture(dir, server, sendToken ? options?.Token : null);
    }

    public void WriteFile(string relative, string text)
    {
        var full = Dir.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public string ReadFile(string relative) => File.ReadAllText(Dir.Combine(relative.Split('/')));

    public bool Exists(string relative) => Path.Exists(Dir.Combine(relative.Split('/')));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage>? setup = null, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body);
        setup?.Invoke(request);
        return Client.SendAsync(request);
    }

    /// <summary>Sends a request exactly as written (no client-side normalisation of the target) and returns the status line's code and the body.</summary>
    public async Task<(int Status, string Response)> RawAsync(string method, string target, string extraHeaders = "", string body = "")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Url.Host, Url.Port);
        var stream = tcp.GetStream();
        var length = body.Length > 0 ? $"Content-Length: {body.Length}\r\n" : "";
        var text = $"{method} {target} HTTP/1.1\r\nHost: {Url.Authority}\r\nConnection: close\r\n{length}{extraHeaders}\r\n{body}";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1]);
        return (status, response);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Dir.Dispose();
    }
}
