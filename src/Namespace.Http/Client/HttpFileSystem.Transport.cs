using System.Globalization;
using System.Net;
using System.Text.Json;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Protocol;

namespace Namespace.Http.Client;

public sealed partial class HttpFileSystem
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    internal HttpFileSystemOptions Options => _options;

    internal CancellationToken Disposing => _disposed.Token;

    /// <summary>The newest event id any response of our origin named, or -1.</summary>
    internal long LastSeenEventId => Interlocked.Read(ref _lastEventId);

    /// <summary>The URL of a provider path (with a trailing slash for a directory listing).</summary>
    internal Uri UrlOf(VPath path, bool directory = false)
    {
        var relative = string.Join('/', path.Segments.Select(Uri.EscapeDataString));
        if (directory && relative.Length > 0) relative += "/";
        return new Uri(_base, relative);
    }

    /// <summary>The provider path of a server path, or null when it lies outside the mounted URL.</summary>
    internal VPath? ToProviderPath(string serverPath)
    {
        if (!VPath.TryParse(serverPath, out var path, out _) || !path.IsUnder(_basePath)) return null;
        return path.RelativeTo(_basePath);
    }

    /// <summary>
    /// Sends one request. Idempotent methods (GET, HEAD, OPTIONS) are tried again after a network
    /// error, a timeout, 502, 503 or 504; others are sent once. Network failures and timeouts become
    /// Unavailable errors naming the URL.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        Uri url,
        VPath path,
        Action<HttpRequestMessage>? setup,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        HttpContent? content = null,
        TimeSpan? timeout = null)
    {
        var idempotent = content is null && (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options);
        var limit = timeout ?? _options.RequestTimeout;
        var delay = _options.RetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            var last = !idempotent || attempt >= _options.Retries;
            var request = new HttpRequestMessage(method, url) { Content = content };
            if (_options.Token is { Length: > 0 } token) request.Headers.Authorization = new("Bearer", token);
            else if (_basic is not null) request.Headers.Authorization = new("Basic", _basic);
            setup?.Invoke(request);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            timer.CancelAfter(limit);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, completion, timer.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                if (last) throw HttpErrors.Network(path, url, e);
                await PauseAsync(ref delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
            {
                if (last) throw HttpErrors.Timeout(path, url, limit, e);
                await PauseAsync(ref delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            Observe(response);
            if (!last && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                response.Dispose();
                await PauseAsync(ref delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            return response;
        }
    }

    private Task PauseAsync(ref TimeSpan delay, CancellationToken cancellationToken)
    {
        var wait = delay;
        delay *= 2;
        return Task.Delay(wait, cancellationToken);
    }

    // Learns the server kind and the newest event id from every answer.
    private void Observe(HttpResponseMessage response)
    {
        if (response.Headers.Contains(NsHeaders.Server))
        {
            Interlocked.CompareExchange(ref _kind, (int)HttpOriginKind.Origin, (int)HttpOriginKind.Auto);
            if (response.Headers.TryGetValues(NsHeaders.EventId, out var ids) &&
                long.TryParse(ids.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                var seen = Interlocked.Read(ref _lastEventId);
                while (id > seen)
                {
                    var was = Interlocked.CompareExchange(ref _lastEventId, id, seen);
                    if (was == seen) break;
                    seen = was;
                }
            }
        }
        else if (AnswersForItself(response.StatusCode))
        {
            Interlocked.CompareExchange(ref _kind, (int)HttpOriginKind.Plain, (int)HttpOriginKind.Auto);
        }
    }

    // A status a gateway or an auth wall could give instead of the server itself tells nothing about its kind.
    internal static bool AnswersForItself(HttpStatusCode status) =>
        status is not (HttpStatusCode.Unauthorized or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout);

    /// <summary>The error a failed response stands for, in the shared vocabulary, naming the URL and status.</summary>
    internal async Task<NamespaceException> ErrorAsync(HttpResponseMessage response, VPath path, Uri url, bool change)
    {
        var status = response.StatusCode;
        if (response.Headers.TryGetValues(NsHeaders.Error, out var kinds) && Enum.TryParse<NsErrorKind>(kinds.First(), out var kind))
        {
            ErrorDocument? doc = null;
            try
            {
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (body.Length > 0) doc = JsonSerializer.Deserialize(body, HttpJsonContext.Default.ErrorDocument);
            }
            catch (JsonException)
            {
                // The kind alone is enough.
            }
            var where = doc?.Path is { } serverPath && ToProviderPath(serverPath) is { } mapped ? mapped : path;
            return kind switch
            {
                NsErrorKind.NotFound => NsErrors.NotFound(where),
                NsErrorKind.Exists => NsErrors.Exists(where),
                NsErrorKind.NotADirectory => NsErrors.NotADirectory(where),
                NsErrorKind.IsADirectory => NsErrors.IsADirectory(where),
                NsErrorKind.NotEmpty => NsErrors.NotEmpty(where),
                NsErrorKind.ReadOnly => HttpErrors.ReadOnly(where, url, status),
                NsErrorKind.Conflict => NsErrors.Conflict(where, $"changed by someone else ({url}: {HttpErrors.Status(status)})"),
                NsErrorKind.InvalidPath => NsErrors.InvalidPath(where, StripPrefix(doc?.Reason, "invalid path: ") ?? HttpErrors.Status(status)),
                NsErrorKind.NotRegularFile => new NamespaceException(kind, where.ToString(), doc?.Reason ?? "not a regular file"),
                _ => HttpErrors.Unavailable(where, url, status, retryAfter: RetryAfter(response)),
            };
        }
        var said = await SaidAsync(response, _options.RequestTimeout).ConfigureAwait(false);
        return status switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.Gone => NsErrors.NotFound(path),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => change ? HttpErrors.ReadOnly(path, url, status, said) : HttpErrors.Denied(path, url, status, said),
            HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented when change => HttpErrors.ReadOnly(path, url, status, said),
            HttpStatusCode.PreconditionFailed => NsErrors.Conflict(path, $"changed by someone else ({url}: {HttpErrors.Status(status)})"),
            // A change the server refuses as a client error stays refused however often it is sent (a write-back upload is
            // parked, not retried for ever); a timeout, "too early" or "too many requests" is worth another try.
            _ when change && (int)status is >= 400 and < 500 and not (408 or 425 or 429) => HttpErrors.Refused(path, url, status, said),
            _ => HttpErrors.Unavailable(path, url, status, said, RetryAfter(response)),
        };
    }

    // How long the server asked to be left alone (Retry-After, as seconds or a date), or null.
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
        _ => null,
    };

    // The server's own words for an error it gave without our error header: the reason of an error document, or a short
    // plain-text body's first line; null for anything else (an HTML page says nothing a status line does not).
    private static async Task<string?> SaidAsync(HttpResponseMessage response, TimeSpan timeout)
    {
        const int longest = 200;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not ("text/plain" or NsHeaders.Json)) return null;
        var buffer = new byte[4096];
        var length = 0;
        try
        {
            using var limit = new CancellationTokenSource(timeout);
            await using var body = await response.Content.ReadAsStreamAsync(limit.Token).ConfigureAwait(false);
            int n;
            while (length < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(length), limit.Token).ConfigureAwait(false)) > 0) length += n;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return null; // the status alone says enough
        }
        string? text;
        if (type == NsHeaders.Json)
        {
            try
            {
                text = JsonSerializer.Deserialize(buffer.AsSpan(0, length), HttpJsonContext.Default.ErrorDocument)?.Reason;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        else
        {
            text = System.Text.Encoding.UTF8.GetString(buffer, 0, length).Split('\n', 2)[0];
        }
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Any(char.IsControl)) return null;
        return text.Length <= longest ? text : text[..longest] + "...";
    }

    private static string? StripPrefix(string? text, string prefix) =>
        text is not null && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;

    /// <summary>True when <paramref name="response"/> redirects <paramref name="url"/> to the same path with a slash: a directory.</summary>
    internal static bool IsSlashRedirect(HttpResponseMessage response, Uri url)
    {
        if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return false;
        var target = location.IsAbsoluteUri ? location : new Uri(url, location);
        return target.AbsolutePath == url.AbsolutePath + "/";
    }

    /// <summary>An entry from the headers of a successful HEAD or GET.</summary>
    internal NsEntry EntryFrom(HttpResponseMessage response, VPath path, bool directory)
    {
        var modified = response.Content.Headers.LastModified?.ToUniversalTime() ?? DateTimeOffset.UnixEpoch;
        var mode = response.Headers.TryGetValues(NsHeaders.Mode, out var modes) && TryOctal(modes.First(), out var bits) ? (UnixFileMode)bits : directory ? DirectoryMode : FileMode;
        if (directory) return new NsEntry(path.Name, EntryKind.Directory, 0, mode, modified, null, _servedBy);
        var etag = response.Headers.ETag is { IsWeak: false } tag ? tag.Tag : null;
        // A part of the file (206) tells the whole file's size in its Content-Range, or not at all ("bytes 0-9/*").
        var size = response.StatusCode == HttpStatusCode.PartialContent ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength;
        return new NsEntry(path.Name, EntryKind.File, size ?? 0, mode, modified, etag, _servedBy) { SizeUnknown = size is null };
    }

    internal NsEntry EntryFrom(Listings.ListedEntry listed)
    {
        var mode = listed.Mode is { } bits ? (UnixFileMode)bits : listed.IsDirectory ? DirectoryMode : FileMode;
        return new NsEntry(listed.Name, listed.IsDirectory ? EntryKind.Directory : EntryKind.File, listed.IsDirectory ? 0 : listed.Size ?? 0,
            mode, listed.Modified ?? DateTimeOffset.UnixEpoch, listed.IsDirectory ? null : listed.ETag, _servedBy);
    }

    internal static string? StrongETag(HttpResponseMessage response) => response.Headers.ETag is { IsWeak: false } tag ? tag.Tag : null;

    private static bool TryOctal(string text, out int value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 7) return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '7') return false;
            value = value * 8 + (c - '0');
        }
        return true;
    }
}
