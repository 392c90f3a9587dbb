using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Namespace.Testing;

namespace Namespace.Http.Tests.Plain;

/// <summary>
/// A real plain web server from the distribution, serving a temp directory on a loopback port:
/// nginx (HTML autoindex at <c>/</c>, JSON autoindex at <c>/json/</c>), <c>python3 -m http.server</c>
/// or <c>rclone serve http</c>. A missing program fails the test with the package to install.
/// </summary>
public sealed class PlainPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory? _scratch;

    private PlainPeer(Process process, Uri url, TempDirectory? scratch)
    {
        _process = process;
        Url = url;
        _scratch = scratch;
    }

    /// <summary>The URL of the served directory.</summary>
    public Uri Url { get; }

    public static async Task<PlainPeer> StartAsync(string kind, string directory)
    {
        var port = FreePort();
        TempDirectory? scratch = null;
        ProcessStartInfo start;
        var prefix = "/";
        switch (kind)
        {
            case "nginx-html":
            case "nginx-json":
                scratch = new TempDirectory();
                var conf = scratch.Combine("nginx.conf");
                var user = Environment.UserName == "root" ? "user root;\n" : string.Empty;
                File.WriteAllText(conf, $$"""
                    {{user}}daemon off;
                    master_process off;
                    worker_processes 1;
                    pid {{scratch.Combine("nginx.pid")}};
                    error_log {{scratch.Combine("error.log")}};
                    events { worker_connections 64; }
                    http {
                      access_log off;
                      client_body_temp_path {{scratch.Combine("body")}};
                      proxy_temp_path {{scratch.Combine("proxy")}};
                      fastcgi_temp_path {{scratch.Combine("fastcgi")}};
                      uwsgi_temp_path {{scratch.Combine("uwsgi")}};
                      scgi_temp_path {{scratch.Combine("scgi")}};
                      types { text/plain txt; application/octet-stream bin; }
                      server {
                        listen 127.0.0.1:{{port}};
                        location / { root {{directory}}; autoindex on; }
                        location /json/ { alias {{directory}}/; autoindex on; autoindex_format json; }
                      }
                    }
                    """);
                start = new ProcessStartInfo(Find("nginx", "nginx"), ["-c", conf, "-p", scratch.Path + "/"]);
                if (kind == "nginx-json") prefix = "/json/";
                break;
            case "python":
                start = new ProcessStartInfo(Find("python3", "python3"), ["-m", "http.server", port.ToString(), "--bind", "127.0.0.1", "--directory", directory]);
                break;
            case "rclone":
                start = new ProcessStartInfo(Find("rclone", "rclone"), ["serve", "http", directory, "--addr", $"127.0.0.1:{port}", "--config", "/dev/null"]);
                break;
            default:
                throw new ArgumentException(kind);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peer = new PlainPeer(process, new Uri($"http://127.0.0.1:{port}{prefix}"), scratch);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (process.HasExited)
            {
                await peer.DisposeAsync();
                Assert.Fail($"{kind} exited at start with code {process.ExitCode}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return peer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string Find(string program, string package)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(["/usr/sbin", "/usr/bin", "/sbin"]);
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail($"{program} is not installed: these tests drive a real {program} (apt-get install {package})");
        return program;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _scratch?.Dispose();
    }
}
