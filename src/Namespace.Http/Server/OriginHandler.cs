using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.StaticFiles;
using Namespace.Core.Errors;
using Namespace.Core.Local;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Protocol;

namespace Namespace.Http.Server;

/// <summary>
/// Answers every request of an <see cref="OriginServer"/>: files and listings through a
/// <see cref="LocalFileSystem"/> (which keeps every path inside the root), conditional writes that
/// are checked again at the moment they commit, and the change-event stream.
/// </summary>
internal sealed class OriginHandler : IAsyncDisposable
{
    private const string AllMethods = "GET, HEAD, OPTIONS, PUT, DELETE, MKCOL, MOVE";
    private const string ReadMethods = "GET, HEAD, OPTIONS";
    private static readonly VPath EventsPath = VPath.Parse(NsHeaders.EventsPath);

    private readonly LocalFileSystem _fs;
    private readonly OriginServerOptions _options;
    private readonly EventLog _events;
    private readonly EchoFilter _echo;
    // Held while a change commits and while a watcher report is checked, so an echo is never mistaken for news.
    private readonly SemaphoreSlim _commit = new(1, 1);
    private readonly Channel<ChangeEvent> _watched = Channel.CreateUnbounded<ChangeEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDisposable _subscription;
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _streams = new();
    private readonly Task _pump;
    private readonly byte[]? _token;
    private readonly FileExtensionContentTypeProvider _contentTypes = new();

    public OriginHandler(LocalFileSystem fs, OriginServerOptions options)
    {
        _fs = fs;
        _options = options;
        _events = new EventLog(Math.Max(1, options.EventCapacity));
        _echo = new EchoFilter(options.Time);
        _token = options.Token is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token) : null;
        _subscription = fs.Subscribe(VPath.Root, change => _watched.Writer.TryWrite(change));
        _pump = Task.Run(() => PumpAsync(_stop.Token));
    }

    /// <summary>Ends open event streams (before the host stops).</summary>
    public void StopStreams() => _stop.Cancel();

    /// <summary>Closes the event streams open now; clients reconnect and resume with Last-Event-ID.</summary>
    public void DropStreams() => Interlocked.Exchange(ref _streams, new CancellationTokenSource()).Cancel();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _subscription.Dispose();
        _watched.Writer.TryComplete();
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        _stop.Dispose();
        _commit.Dispose();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers[NsHeaders.Server] = NsHeaders.ServerValue;
        response.Headers[NsHeaders.EventId] = _events.Last.ToString(CultureInfo.InvariantCulture);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        try
        {
            if (!Authorized(request))
            {
                response.Headers.WWWAuthenticate = "Bearer realm=\"namespace\"";
                await PlainErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "/", "a bearer token is required").ConfigureAwait(false);
                return;
            }
            if (!RequestTarget.TryParse(raw, out var target, out var error))
            {
                await PlainErrorAsync(context, StatusCodes.Status400BadRequest, nameof(NsErrorKind.InvalidPath), "/", "invalid path: " + error).ConfigureAwait(false);
                return;
            }
            var method = request.Method;
            if (target.Path == EventsPath && !target.TrailingSlash)
            {
                if (HttpMethods.IsGet(method)) await EventsAsync(context, target).ConfigureAwait(false);
                else await MethodNotAllowedAsync(context, target.Path, "GET").ConfigureAwait(false);
                return;
            }
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) await GetAsync(context, target).ConfigureAwait(false);
            else if (HttpMethods.IsOptions(method)) Options(context);
            else if (HttpMethods.IsPut(method)) await PutAsync(context, target).ConfigureAwait(false);
            else if (HttpMethods.IsDelete(method)) await DeleteAsync(context, target).ConfigureAwait(false);
            else if (method == "MKCOL") await MkcolAsync(context, target).ConfigureAwait(false);
            else if (method == "MOVE") await MoveAsync(context, target).ConfigureAwait(false);
            else await MethodNotAllowedAsync(context, target.Path, _options.ReadOnly ? ReadMethods : AllMethods).ConfigureAwait(false);
        }
        catch (NamespaceException e)
        {
            await NsErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body that runs over the limit is found only while it is read.
            var path = RequestTarget.TryParse(raw, out var target, out _) ? target.Path.Value : "/";
            await PlainErrorAsync(context, e.StatusCode, "TooLarge", path, $"body larger than {_options.MaxRequestBodySize} bytes").ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await PlainErrorAsync(context, e.StatusCode, "BadRequest", "/", e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stop.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    // ---- reads ----

    private async Task GetAsync(HttpContext context, RequestTarget target)
    {
        var request = context.Request;
        var response = context.Response;
        var path = target.Path;
        var cancellationToken = context.RequestAborted;
        var entry = await StatVisibleAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
        if (entry.IsDirectory)
        {
            await ListingAsync(context, target, entry).ConfigureAwait(false);
            return;
        }
        if (target.TrailingSlash) throw NsErrors.NotADirectory(path, entry);
        // A FIFO would hold this request (and a thread) until something wrote to it; a link out of the root is never followed.
        if (entry.IsSpecial) throw NsErrors.NotRegularFile(path, entry);

        var stream = await _fs.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Describe the version that was opened: a replace between stat and open shows as another length.
            for (var tries = 0; stream.Length != entry.Size && tries < 3; tries++)
                entry = await _fs.StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
            var length = stream.Length;
            SetEntryHeaders(response, entry);
            response.Headers.AcceptRanges = "bytes";
            var status = Preconditions.Evaluate(request, entry, safe: true, out var bad);
            if (status != 0)
            {
                await PreconditionFailedAsync(context, path, status, bad).ConfigureAwait(false);
                return;
            }
            var contentType = _contentTypes.TryGetContentType(path.Name, out var known) ? known : "application/octet-stream";
            var rangeHeader = HttpMethods.IsGet(request.Method) ? request.Headers.Range.ToString() : null;
            if (!string.IsNullOrEmpty(rangeHeader) && request.Headers.IfRange.Count > 0 && !Preconditions.IfRangeHolds(request.Headers.IfRange.ToString(), entry))
                rangeHeader = null;
            var outcome = ByteRanges.Parse(rangeHeader, length, _options.MaxRanges, out var ranges);
            var head = HttpMethods.IsHead(request.Method);
            switch (outcome)
            {
                case RangeOutcome.Unsatisfiable:
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    response.Headers.ContentRange = $"bytes */{length}";
                    response.ContentLength = 0;
                    return;
                case RangeOutcome.Partial when ranges.Count == 1:
                    var (from, to) = ranges[0];
                    response.StatusCode = StatusCodes.Status206PartialContent;
                    response.ContentType = contentType;
                    response.Headers.ContentRange = $"bytes {from}-{to}/{length}";
                    response.ContentLength = to - from + 1;
                    if (!head) await CopyRangeAsync(stream, response.Body, from, to - from + 1, cancellationToken).ConfigureAwait(false);
                    return;
                case RangeOutcome.Partial:
                    await MultipartAsync(context, stream, ranges, length, contentType, head).ConfigureAwait(false);
                    return;
                default:
                    response.StatusCode = StatusCodes.Status200OK;
                    response.ContentType = contentType;
                    response.ContentLength = length;
                    if (!head) await CopyRangeAsync(stream, response.Body, 0, length, cancellationToken).ConfigureAwait(false);
                    return;
            }
        }
    }

    private static async Task MultipartAsync(HttpContext context, Stream stream, List<(long From, long To)> ranges, long length, string contentType, bool head)
    {
        var response = context.Response;
        var boundary = "ns-" + Guid.NewGuid().ToString("N");
        var parts = ranges
            .Select(r => (Header: Encoding.ASCII.GetBytes($"\r\n--{boundary}\r\nContent-Type: {contentType}\r\nContent-Range: bytes {r.From}-{r.To}/{length}\r\n\r\n"), r.From, r.To))
            .ToList();
        var end = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        response.StatusCode = StatusCodes.Status206PartialContent;
        response.ContentType = "multipart/byteranges; boundary=" + boundary;
        response.ContentLength = parts.Sum(p => p.Header.Length + (p.To - p.From + 1)) + end.Length;
        if (head) return;
        foreach (var (header, from, to) in parts)
        {
            await response.Body.WriteAsync(header, context.RequestAborted).ConfigureAwait(false);
            await CopyRangeAsync(stream, response.Body, from, to - from + 1, context.RequestAborted).ConfigureAwait(false);
        }
        await response.Body.WriteAsync(end, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ListingAsync(HttpContext context, RequestTarget target, NsEntry directory)
    {
        var request = context.Request;
        var response = context.Response;
        var entries = new List<NsEntry>();
        await foreach (var e in _fs.ListAsync(target.Path, context.RequestAborted).ConfigureAwait(false))
        {
            // FIFOs, sockets and devices are no files to serve: listings leave them out.
            if (e.IsSpecial || (target.Path.IsRoot && e.Name == EventsPath.Name)) continue;
            entries.Add(e);
        }
        var etag = ListingETag(entries);
        var asEntry = directory with { ETag = etag };
        response.Headers.ETag = etag;
        response.Headers.LastModified = Preconditions.Seconds(directory.ModifiedUtc).ToString("r", CultureInfo.InvariantCulture);
        response.Headers[NsHeaders.Type] = "directory";
        response.Headers.Vary = "Accept";
        response.Headers.CacheControl = "no-cache";
        var status = Preconditions.Evaluate(request, asEntry, safe: true, out var bad);
        if (status != 0)
        {
            await PreconditionFailedAsync(context, target.Path, status, bad).ConfigureAwait(false);
            return;
        }
        byte[] body;
        if (target.HasQueryKey("json") || request.Headers.Accept.ToString().Contains(NsHeaders.Json, StringComparison.OrdinalIgnoreCase))
        {
            var items = entries.Select(e => new ListingItem(e.Name, e.IsDirectory ? "directory" : "file", e.Size, e.ModifiedUtc, e.ETag, (int)e.Mode)).ToList();
            body = JsonSerializer.SerializeToUtf8Bytes(new ListingDocument(target.Path.Value, items), HttpJsonContext.Default.ListingDocument);
            response.ContentType = NsHeaders.Json + "; charset=utf-8";
        }
        else
        {
            body = Encoding.UTF8.GetBytes(HtmlListingPage.Render(target.Path, entries));
            response.ContentType = "text/html; charset=utf-8";
        }
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method)) await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static string ListingETag(List<NsEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var e in entries)
            text.Append(e.Name).Append('\0').Append(e.Kind).Append('\0').Append(e.Size).Append('\0').Append(e.ModifiedUtc.UtcTicks).Append('\0').Append(e.ETag).Append('\n');
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "W/\"" + Convert.ToHexStringLower(hash, 0, 12) + "\"";
    }

    private void Options(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers.Allow = _options.ReadOnly ? ReadMethods : AllMethods;
        context.Response.Headers.AcceptRanges = "bytes";
    }

    // ---- changes ----

    private async Task PutAsync(HttpContext context, RequestTarget target)
    {
        var request = context.Request;
        var response = context.Response;
        var path = target.Path;
        var cancellationToken = context.RequestAborted;
        RequireWritable(path);
        ProviderChecks.ForWrite(path);
        if (target.TrailingSlash) throw NsErrors.InvalidPath(path, "PUT of a name ending in / (make directories with MKCOL)");
        if (request.Headers.ContentRange.Count > 0) throw NsErrors.InvalidPath(path, "partial PUT (Content-Range) is not supported");
        if (request.ContentLength > _options.MaxRequestBodySize)
        {
            await PlainErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "TooLarge", path.Value, $"body larger than {_options.MaxRequestBodySize} bytes").ConfigureAwait(false);
            return;
        }
        var before = await _fs.StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (before is { IsDirectory: true }) throw NsErrors.IsADirectory(path);
        var status = Preconditions.Evaluate(request, before, safe: false, out var bad);
        if (status != 0)
        {
            await PreconditionFailedAsync(context, path, status, bad).ConfigureAwait(false);
            return;
        }

        var stream = await _fs.OpenWriteAsync(path, WriteMode.Replace, cancellationToken).ConfigureAwait(false);
        var finished = false;
        try
        {
            await request.Body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            await _commit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Checked again at commit time: another writer may have got in while the body arrived.
                before = await _fs.StatAsync(path, cancellationToken).ConfigureAwait(false);
                status = before is { IsDirectory: true } ? -1 : Preconditions.Evaluate(request, before, safe: false, out bad);
                if (status == -1) throw NsErrors.IsADirectory(path);
                finished = true;
                if (status != 0)
                {
                    // The upload is thrown away before the answer goes: once the client has it, nothing of it is left.
                    stream.Abort();
                    await stream.DisposeAsync().ConfigureAwait(false);
                    await PreconditionFailedAsync(context, path, status, bad).ConfigureAwait(false);
                    return;
                }
                await stream.DisposeAsync().ConfigureAwait(false);
                var after = await DistinctVersionAsync(path, before).ConfigureAwait(false);
                await PublishAsync(new ChangeEvent(before is null ? ChangeKind.Created : ChangeKind.Changed, path), response, path).ConfigureAwait(false);
                if (after is not null) SetEntryHeaders(response, after);
            }
            finally
            {
                _commit.Release();
            }
        }
        finally
        {
            if (!finished)
            {
                stream.Abort();
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        if (before is null)
        {
            response.StatusCode = StatusCodes.Status201Created;
            response.Headers.Location = HtmlListingPage.Href(path, false);
        }
        else
        {
            response.StatusCode = StatusCodes.Status204NoContent;
        }
    }

    private async Task DeleteAsync(HttpContext context, RequestTarget target)
    {
        var path = target.Path;
        var cancellationToken = context.RequestAborted;
        RequireWritable(path);
        ProviderChecks.ForDelete(path);
        var recursive = context.Request.Headers["Depth"].ToString().Equals("infinity", StringComparison.OrdinalIgnoreCase);
        await _commit.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = await _fs.StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
            var status = Preconditions.Evaluate(context.Request, before, safe: false, out var bad);
            if (status != 0)
            {
                await PreconditionFailedAsync(context, path, status, bad).ConfigureAwait(false);
                return;
            }
            await _fs.DeleteAsync(path, recursive, cancellationToken).ConfigureAwait(false);
            await PublishAsync(new ChangeEvent(ChangeKind.Deleted, path), context.Response, path).ConfigureAwait(false);
        }
        finally
        {
            _commit.Release();
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task MkcolAsync(HttpContext context, RequestTarget target)
    {
        var path = target.Path;
        RequireWritable(path);
        await _commit.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await _fs.CreateDirectoryAsync(path, context.RequestAborted).ConfigureAwait(false);
            await PublishAsync(new ChangeEvent(ChangeKind.Created, path), context.Response, path).ConfigureAwait(false);
        }
        finally
        {
            _commit.Release();
        }
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = HtmlListingPage.Href(path, true);
    }

    private async Task MoveAsync(HttpContext context, RequestTarget target)
    {
        var from = target.Path;
        RequireWritable(from);
        var destination = context.Request.Headers["Destination"].ToString();
        if (destination.Length == 0) throw NsErrors.InvalidPath(from, "MOVE needs a Destination header");
        if (!RequestTarget.TryParse(destination, out var to, out var error)) throw NsErrors.InvalidPath(destination, error);
        RequireWritable(to.Path);
        var overwrite = !context.Request.Headers["Overwrite"].ToString().Trim().Equals("F", StringComparison.OrdinalIgnoreCase);
        NsEntry? replaced;
        await _commit.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            var source = await _fs.StatAsync(from, context.RequestAborted).ConfigureAwait(false) ?? throw NsErrors.NotFound(from);
            var status = Preconditions.Evaluate(context.Request, source, safe: false, out var bad);
            replaced = await _fs.StatAsync(to.Path, context.RequestAborted).ConfigureAwait(false);
            if (status == 0 && replaced is not null && !overwrite && from != to.Path) status = StatusCodes.Status412PreconditionFailed;
            if (status != 0)
            {
                await PreconditionFailedAsync(context, from, status, bad).ConfigureAwait(false);
                return;
            }
            await _fs.MoveAsync(from, to.Path, context.RequestAborted).ConfigureAwait(false);
            if (from != to.Path)
                await PublishAsync(new ChangeEvent(ChangeKind.Renamed, to.Path, from), context.Response, to.Path, from).ConfigureAwait(false);
        }
        finally
        {
            _commit.Release();
        }
        context.Response.StatusCode = replaced is null ? StatusCodes.Status201Created : StatusCodes.Status204NoContent;
    }

    // localfs's ETag is size and mtime, and the kernel stamps mtimes from a coarse clock: two writes of
    // the same size a few milliseconds apart would share an ETag, and a stale If-Match would pass.
    // Keeping each committed version's mtime past the one before keeps their ETags distinct.
    private async Task<NsEntry?> DistinctVersionAsync(VPath path, NsEntry? before)
    {
        var after = await _fs.StatAsync(path, CancellationToken.None).ConfigureAwait(false);
        if (before is null || after is null || after.ModifiedUtc > before.ModifiedUtc) return after;
        var host = Path.Join(_fs.HostRoot, path.Value);
        File.SetLastWriteTimeUtc(host, before.ModifiedUtc.UtcDateTime.AddTicks(10));
        return await _fs.StatAsync(path, CancellationToken.None).ConfigureAwait(false);
    }

    private void RequireWritable(VPath path)
    {
        if (_options.ReadOnly) throw NsErrors.ReadOnly(path);
        if (path == EventsPath) throw NsErrors.InvalidPath(path, "the name is reserved for the event stream");
    }

    // Caller holds _commit: the event gets its id before the response tells the client the newest id.
    private async Task PublishAsync(ChangeEvent change, HttpResponse response, params VPath[] touched)
    {
        foreach (var path in touched)
        {
            _echo.Expect(path, EchoFilter.StateOf(await SafeStatAsync(path).ConfigureAwait(false)));
            if (!path.IsRoot) _echo.Expect(path.Parent, EchoFilter.StateOf(await SafeStatAsync(path.Parent).ConfigureAwait(false)));
        }
        var id = _events.Append(change);
        response.Headers[NsHeaders.EventId] = id.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<NsEntry?> SafeStatAsync(VPath path)
    {
        try
        {
            return await _fs.StatAsync(path).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            return null;
        }
    }

    private async Task<NsEntry?> StatVisibleAsync(VPath path, CancellationToken cancellationToken) =>
        path == EventsPath ? null : await _fs.StatAsync(path, cancellationToken).ConfigureAwait(false);

    // Reports from the directory watcher: other programs' changes become events; echoes of our own are dropped.
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        await foreach (var change in _watched.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (change.Kind == ChangeKind.Overflow)
            {
                _events.Append(new ChangeEvent(ChangeKind.Overflow, VPath.Root));
                continue;
            }
            if (change.Path == EventsPath) continue;
            await _commit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var state = EchoFilter.StateOf(await SafeStatAsync(change.Path).ConfigureAwait(false));
                if (!_echo.IsEcho(change.Path, state)) _events.Append(change);
            }
            finally
            {
                _commit.Release();
            }
        }
    }

    // ---- events ----

    private async Task EventsAsync(HttpContext context, RequestTarget target)
    {
        var response = context.Response;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stop.Token, Volatile.Read(ref _streams).Token);
        var cancellationToken = linked.Token;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = NsHeaders.EventStream;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var lastId = context.Request.Headers["Last-Event-ID"].ToString();
        if (lastId.Length == 0 && target.Query.Length > 0)
        {
            lastId = target.Query.Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "lastEventId").Select(p => p[1]).FirstOrDefault() ?? string.Empty;
        }
        var body = new StringBuilder("retry: 1000\n\n");
        long cursor;
        var batch = new List<ServerEvent>();
        if (lastId.Length == 0)
        {
            cursor = _events.Last;
            AppendFrame(body, cursor, "ready", new ResetDocument(cursor, null));
        }
        else if (!long.TryParse(lastId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            cursor = _events.Last;
            AppendFrame(body, cursor, "reset", new ResetDocument(cursor, "malformed Last-Event-ID"));
        }
        else if (!_events.TryRead(cursor, batch, out _, out var lost))
        {
            cursor = _events.Last;
            AppendFrame(body, cursor, "reset", new ResetDocument(cursor, lost));
        }
        else
        {
            AppendFrame(body, cursor, "ready", new ResetDocument(cursor, null));
        }
        try
        {
            await WriteAsync(response, body, cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                batch.Clear();
                if (!_events.TryRead(cursor, batch, out var changed, out var lost))
                {
                    cursor = _events.Last;
                    AppendFrame(body, cursor, "reset", new ResetDocument(cursor, lost));
                    await WriteAsync(response, body, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                foreach (var e in batch)
                {
                    var doc = new ChangeDocument(ChangeKinds.ToWire(e.Change.Kind), e.Change.Path.Value, e.Change.OldPath?.Value);
                    AppendFrame(body, e.Id, "change", doc);
                    cursor = e.Id;
                }
                if (body.Length > 0)
                {
                    await WriteAsync(response, body, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var heartbeat = Task.Delay(_options.EventHeartbeat, _options.Time, cancellationToken);
                if (await Task.WhenAny(changed, heartbeat).ConfigureAwait(false) == heartbeat)
                {
                    await heartbeat.ConfigureAwait(false);
                    body.Append(": ping\n\n");
                    await WriteAsync(response, body, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server stops.
        }
        catch (IOException)
        {
            // The connection dropped.
        }
    }

    private static void AppendFrame<T>(StringBuilder body, long id, string name, T data)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)HttpJsonContext.Default.GetTypeInfo(typeof(T))!;
        body.Append("id: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(name).Append('\n')
            .Append("data: ").Append(JsonSerializer.Serialize(data, info)).Append("\n\n");
    }

    private static async Task WriteAsync(HttpResponse response, StringBuilder body, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body.ToString()), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        body.Clear();
    }

    // ---- helpers ----

    private bool Authorized(HttpRequest request)
    {
        if (_token is null) return true;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), _token);
    }

    private static void SetEntryHeaders(HttpResponse response, NsEntry entry)
    {
        if (entry.ETag is not null) response.Headers.ETag = entry.ETag;
        response.Headers.LastModified = Preconditions.Seconds(entry.ModifiedUtc).ToString("r", CultureInfo.InvariantCulture);
        response.Headers[NsHeaders.Type] = entry.IsDirectory ? "directory" : "file";
        response.Headers[NsHeaders.Mode] = Convert.ToString((int)entry.Mode, 8);
    }

    private static async Task CopyRangeAsync(Stream source, Stream target, long from, long count, CancellationToken cancellationToken)
    {
        source.Seek(from, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (count > 0)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new IOException("the file shrank while it was being sent");
                await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                count -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Task PreconditionFailedAsync(HttpContext context, VPath path, int status, string? bad) => status switch
    {
        StatusCodes.Status304NotModified => NotModified(context),
        StatusCodes.Status400BadRequest => PlainErrorAsync(context, status, nameof(NsErrorKind.InvalidPath), path.Value, bad ?? "malformed header"),
        _ => NsErrorAsync(context, NsErrors.Conflict(path, "precondition failed: changed by someone else")),
    };

    private static Task NotModified(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }

    private Task MethodNotAllowedAsync(HttpContext context, VPath path, string allow)
    {
        context.Response.Headers.Allow = allow;
        return PlainErrorAsync(context, StatusCodes.Status405MethodNotAllowed, nameof(NsErrorKind.NotSupported), path.Value, $"method {context.Request.Method} not allowed here");
    }

    private Task NsErrorAsync(HttpContext context, NamespaceException e)
    {
        var status = StatusOf(e.Kind);
        if (status == StatusCodes.Status405MethodNotAllowed) context.Response.Headers.Allow = _options.ReadOnly ? ReadMethods : AllMethods;
        return PlainErrorAsync(context, status, e.Kind.ToString(), e.Path, e.Reason);
    }

    private static async Task PlainErrorAsync(HttpContext context, int status, string kind, string path, string reason)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }
        response.StatusCode = status;
        if (Enum.TryParse<NsErrorKind>(kind, out _)) response.Headers[NsHeaders.Error] = kind;
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorDocument(kind, path, reason), HttpJsonContext.Default.ErrorDocument);
        response.ContentType = NsHeaders.Json + "; charset=utf-8";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method)) await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The status that carries an error kind.</summary>
    internal static int StatusOf(NsErrorKind kind) => kind switch
    {
        NsErrorKind.NotFound => StatusCodes.Status404NotFound,
        NsErrorKind.ReadOnly => StatusCodes.Status405MethodNotAllowed,
        NsErrorKind.NotRegularFile => StatusCodes.Status403Forbidden,
        NsErrorKind.Conflict => StatusCodes.Status412PreconditionFailed,
        NsErrorKind.InvalidPath => StatusCodes.Status400BadRequest,
        NsErrorKind.NotSupported => StatusCodes.Status501NotImplemented,
        NsErrorKind.Unavailable => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status409Conflict,
    };
}
