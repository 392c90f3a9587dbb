using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Namespace.Caching.Tests;

/// <summary>What the proxy does with the next requests.</summary>
public enum ProxyMode
{
    /// <summary>Forward to the origin.</summary>
    Pass,
    /// <summary>Answer 503 Service Unavailable.</summary>
    Fail503,
    /// <summary>Never answer (the client times out).</summary>
    Hang,
}

/// <summary>
/// A real HTTP server on loopback in front of an origin: forwards requests (streaming, events included, the request
/// target as the client sent it), counts the GETs per path, notes what each request to a path was answered and when
/// each arrived, and on demand answers 503 or another status, hangs, holds GETs until released, holds an answer the
/// origin has given before the client hears it, cuts a request's body or its answer, or stops listening (connection
/// refused) — the origin failures and timings the cache must survive, produced over a real socket.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private WebApplication? _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Uri _origin;
    private readonly ConcurrentDictionary<string, int> _gets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _heads = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, string Answer)> _answers = new();
    private readonly ConcurrentQueue<(string Path, string Method, DateTimeOffset At)> _arrivals = new();
    private TaskCompletionSource _held = Released();
    private string? _heldAnswer;
    private (string Path, long Bytes, bool Cut)? _bodyFault;
    private string? _cutAnswer;
    private volatile ProxyMode _mode;
    private long _bodyBytes;
    private long _rangedBodyBytes;

    private FaultProxy(WebApplication app, Uri origin, Uri url)
    {
        _app = app;
        _origin = origin;
        Url = url;
    }

    public Uri Url { get; }

    public ProxyMode Mode { get => _mode; set => _mode = value; }

    /// <summary>
    /// When true, answers go out without <c>Content-Length</c> (a body is then sent chunked), and a <c>Range</c> asked
    /// for is not passed on (the whole file comes, with 200), as a dynamic server or nginx's gzip answers: the client
    /// learns the length only by reading to the end.
    /// </summary>
    public bool Chunked { get; set; }

    /// <summary>When true, answers go out without an ETag (the client has the modification time alone to compare).</summary>
    public bool NoETags { get; set; }

    /// <summary>
    /// When set, a <c>Range: bytes=a-b</c> asking for more than this many bytes is passed on shortened to that many, so the
    /// origin answers 206 with less than was asked (as servers that cap a range's length do).
    /// </summary>
    public long? CapRanges { get; set; }

    /// <summary>When true the event stream is refused, so the client gets no change events (and the TTL alone decides).</summary>
    public bool BlockEvents { get; set; }

    /// <summary>
    /// When set, asked of each request (method, path as the origin sees it): a status to answer at once instead of passing
    /// it on (403, 429, 500...), or null to pass it.
    /// </summary>
    public Func<string, string, int?>? Refuse { get; set; }

    /// <summary>Headers the answers <see cref="Refuse"/> gives carry (<c>Retry-After</c>, <c>WWW-Authenticate</c>).</summary>
    public Dictionary<string, string> RefusalHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A plain-text body the answers <see cref="Refuse"/> gives carry (the origin's reason), or null for none.</summary>
    public string? RefusalBody { get; set; }

    /// <summary>
    /// When set, asked of each request (method, path): true to pass it to the origin and close the connection instead of
    /// sending the answer back, every time (<see cref="CutNextAnswer"/> does it once).
    /// </summary>
    public Func<string, string, bool>? CutAnswers { get; set; }

    /// <summary>
    /// When set, asked of each request (method, path): a number of bytes to pass on of its body before the connection is
    /// broken, both the client's and the one to the origin (which then gets a body shorter than it was told), or null to
    /// pass it whole.
    /// </summary>
    public Func<string, string, long?>? CutBodies { get; set; }

    /// <summary>The clock <see cref="Arrivals"/> are read on (the cache's fake one); the real one when null.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>
    /// The next request for <paramref name="path"/> the origin answers <paramref name="answer"/> (<c>PUT 201</c>) has its
    /// connection closed instead of the answer sent: the origin made the change, the client hears only a reset.
    /// </summary>
    public void CutNextAnswer(string path, string answer) => Volatile.Write(ref _cutAnswer, $"{answer} {path}");

    /// <summary>How many GETs reached the proxy for a path (as the origin sees it, e.g. <c>/a.txt</c>).</summary>
    public int Gets(string path) => _gets.GetValueOrDefault(path);

    /// <summary>Every byte of the files the origin has sent through the proxy so far (GETs of files; counted as the proxy reads them).</summary>
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    /// <summary>The bytes of those files sent in answer to ranged GETs (with a <c>Range</c> header).</summary>
    public long RangedBodyBytes => Interlocked.Read(ref _rangedBodyBytes);

    /// <summary>How many HEADs reached the proxy for a path.</summary>
    public int Heads(string path) => _heads.GetValueOrDefault(path);

    /// <summary>What the requests for a path were answered, in order, as <c>METHOD STATUS</c> (<c>GET 304</c>); a request never answered is not there.</summary>
    public IReadOnlyList<string> Answers(string path) => [.. _answers.Where(a => a.Path == path).Select(a => a.Answer)];

    /// <summary>When each request for a path (of <paramref name="method"/>, or any) reached the proxy, on <see cref="Clock"/>, answered or not.</summary>
    public IReadOnlyList<DateTimeOffset> Arrivals(string path, string? method = null) =>
        [.. _arrivals.Where(a => a.Path == path && (method is null || a.Method == method)).Select(a => a.At)];

    /// <summary>Stops listening: connections are refused (the origin is down) until <see cref="ListenAgainAsync"/>.</summary>
    public async Task StopListeningAsync()
    {
        // At once: a graceful stop would wait for the event stream's connection to end.
        var app = _app!;
        _app = null;
        await app.StopAsync(new CancellationToken(canceled: true));
        await app.DisposeAsync();
    }

    /// <summary>Listens again, at the same address.</summary>
    public async Task ListenAgainAsync() => _app = await ListenAsync(Url.Port, HandleAsync);

    /// <summary>Makes GETs of files wait until <see cref="Release"/>.</summary>
    public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _held.TrySetResult();

    /// <summary>
    /// Where the answer <see cref="HoldNextAnswer"/> names waits, once noted (<see cref="Answers"/>) and before the client
    /// hears it: the origin has answered, the client does not know yet.
    /// </summary>
    public Gate HeldAnswer { get; } = new();

    /// <summary>Holds the next request for <paramref name="path"/> the origin answers <paramref name="answer"/> (<c>GET 304</c>) at <see cref="HeldAnswer"/>; later ones pass.</summary>
    public void HoldNextAnswer(string path, string answer)
    {
        HeldAnswer.Shut();
        Volatile.Write(ref _heldAnswer, $"{answer} {path}");
    }

    /// <summary>
    /// Where the body of the GET <see cref="PauseBodyAfter"/> names waits, once that many bytes have reached the client:
    /// the client has part of the file, the rest has not come yet.
    /// </summary>
    public Gate HeldBody { get; } = new();

    /// <summary>
    /// The next GET of <paramref name="path"/> sends <paramref name="bytes"/> bytes of its body, then waits at
    /// <see cref="HeldBody"/>; let through, it sends the rest or, with <paramref name="cut"/>, closes the connection instead.
    /// </summary>
    public void PauseBodyAfter(string path, long bytes, bool cut = false)
    {
        HeldBody.Shut();
        _bodyFault = (path, bytes, cut);
    }

    public static async Task<FaultProxy> StartAsync(Uri origin)
    {
        FaultProxy? proxy = null;
        var app = await ListenAsync(0, context => proxy!.HandleAsync(context));
        proxy = new FaultProxy(app, origin, new Uri(app.Urls.First().TrimEnd('/') + "/"));
        return proxy;
    }

    private static async Task<WebApplication> ListenAsync(int port, RequestDelegate handle)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null); // large files are written through it too
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        return app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _arrivals.Enqueue((request.Path.Value!, request.Method, Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow));
        if (BlockEvents && request.Path.StartsWithSegments("/.events"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var isFileGet = HttpMethods.IsGet(request.Method) && !request.Path.Value!.EndsWith('/') && !request.Path.Value!.StartsWith("/.", StringComparison.Ordinal);
        if (isFileGet) _gets.AddOrUpdate(request.Path.Value!, 1, (_, n) => n + 1);
        if (HttpMethods.IsHead(request.Method)) _heads.AddOrUpdate(request.Path.Value!, 1, (_, n) => n + 1);
        switch (_mode)
        {
            case ProxyMode.Fail503:
                context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                await AnsweredAsync(request, context.Response.StatusCode);
                return;
            case ProxyMode.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
        }
        if (Refuse?.Invoke(request.Method, request.Path.Value!) is { } refused)
        {
            context.Response.StatusCode = refused;
            foreach (var (name, value) in RefusalHeaders) context.Response.Headers[name] = value;
            await AnsweredAsync(request, refused);
            if (RefusalBody is { } reason)
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(reason, context.RequestAborted);
            }
            return;
        }
        if (isFileGet) await _held.Task.WaitAsync(context.RequestAborted);

        // The target as the client sent it, untouched: decoded and encoded again, a name like %2e%2e would reach the origin
        // as .. and one with # or ? would lose its tail.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value! + request.QueryString;
        var url = new Uri(_origin.GetLeftPart(UriPartial.Authority) + _origin.AbsolutePath.TrimEnd('/') + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), url);
        var cutBody = CutBodies?.Invoke(request.Method, request.Path.Value!);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            forward.Content = new StreamContent(cutBody is { } keep ? new BreakingStream(request.Body, keep) : request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name) || Chunked && name.Equals("Range", StringComparison.OrdinalIgnoreCase)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!)) forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
        }
        if (CapRanges is { } cap && request.Headers.Range.ToString() is { Length: > 0 } range
            && System.Text.RegularExpressions.Regex.Match(range, @"^bytes=(\d+)-(\d+)$") is { Success: true } m
            && long.Parse(m.Groups[2].Value) - long.Parse(m.Groups[1].Value) + 1 > cap)
        {
            var from = long.Parse(m.Groups[1].Value);
            forward.Headers.Remove("Range");
            forward.Headers.TryAddWithoutValidation("Range", $"bytes={from}-{from + cap - 1}");
        }
        if (cutBody is not null)
        {
            // The origin gets part of the body and then a broken connection; the client, a reset while it sends.
            try
            {
                using var _ = await _client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            }
            catch (HttpRequestException)
            {
            }
            context.Abort();
            return;
        }
        using var response = await _client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        await AnsweredAsync(request, context.Response.StatusCode); // before anything is sent, so a client that has its answer finds it noted
        var cut = Volatile.Read(ref _cutAnswer);
        if (cut == $"{request.Method} {context.Response.StatusCode} {request.Path.Value}" && Interlocked.CompareExchange(ref _cutAnswer, null, cut) == cut
            || CutAnswers?.Invoke(request.Method, request.Path.Value!) == true)
        {
            context.Abort();
            return;
        }
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (HopByHop.Contains(name) || Chunked && name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (NoETags && name.Equals("ETag", StringComparison.OrdinalIgnoreCase)) continue;
            context.Response.Headers[name] = values.ToArray();
        }
        (string Path, long Bytes, bool Cut)? fault = null;
        if (isFileGet && response.IsSuccessStatusCode && _bodyFault is { } f && f.Path == request.Path.Value)
        {
            fault = f;
            _bodyFault = null;
        }
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var buffer = new byte[16384];
        var sent = 0L;
        int n;
        while ((n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, fault is { } until && sent < until.Bytes ? until.Bytes - sent : buffer.Length)), context.RequestAborted)) > 0)
        {
            if (isFileGet) Interlocked.Add(ref _bodyBytes, n);
            if (isFileGet && request.Headers.Range.Count > 0) Interlocked.Add(ref _rangedBodyBytes, n);
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            sent += n;
            if (fault is not { } at || sent < at.Bytes) continue;
            fault = null;
            await HeldBody.PassAsync().WaitAsync(context.RequestAborted);
            if (!at.Cut) continue;
            context.Abort();
            return;
        }
    }

    private async Task AnsweredAsync(HttpRequest request, int status)
    {
        var answer = $"{request.Method} {status}";
        _answers.Enqueue((request.Path.Value!, answer));
        var held = Volatile.Read(ref _heldAnswer);
        if (held == $"{answer} {request.Path.Value}" && Interlocked.CompareExchange(ref _heldAnswer, null, held) == held) await HeldAnswer.PassAsync();
    }

    // A request body that breaks after so many bytes, as a connection reset mid-upload does.
    private sealed class BreakingStream(Stream inner, long keep) : Stream
    {
        private long _left = keep;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left == 0) throw new IOException("the proxy cut the request body");
            var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _left)], cancellationToken);
            _left -= n;
            return n;
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        HeldAnswer.Open();
        HeldBody.Open();
        if (_app is not null) await _app.DisposeAsync();
        _client.Dispose();
    }
}
