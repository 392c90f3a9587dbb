using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Listings;
using Namespace.Http.Protocol;

namespace Namespace.Http.Client;

/// <summary>
/// httpfs (<c>mount -t http URL</c>): an HTTP origin as a provider. Against our
/// <see cref="Server.OriginServer"/> it reads (seekable, with Range requests), writes conditionally
/// (nothing newer is ever overwritten: a lost race is a Conflict), removes, renames, makes
/// directories and reports changes from the server's event stream, resuming after a dropped
/// connection. Against a plain web server it is read-only, parses HTML or nginx JSON index pages
/// and finds changes by polling. Every error names the URL and the HTTP status or network failure.
/// </summary>
public sealed partial class HttpFileSystem : IFileProvider, IOpenWithEntry, IOpenIfChanged, IOpenRange, IConditionalChange, IAsyncDisposable, IDisposable
{
    private const long MaxListingBytes = 32L << 20;
    private readonly HttpFileSystemOptions _options;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly Uri _base;
    private readonly VPath _basePath;
    private readonly string _servedBy;
    private readonly string? _basic;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _watchLock = new();
    private readonly TaskCompletionSource _watchLive = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SseWatcher? _events;
    private int _kind;
    private long _lastEventId = -1;

    /// <summary>A provider for the directory at <paramref name="url"/>; nothing is sent until it is used.</summary>
    /// <exception cref="ArgumentException">The URL is not an absolute http or https URL naming a valid path.</exception>
    public HttpFileSystem(Uri url, HttpFileSystemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{url}: not an http or https URL", nameof(url));
        _options = options ?? new HttpFileSystemOptions();
        var builder = new UriBuilder(url) { Query = string.Empty, Fragment = string.Empty };
        if (!builder.Path.EndsWith('/')) builder.Path += "/";
        // A user and password in the URL are sent as Basic credentials and kept out of every URL the provider
        // shows or names in an error; the source keeps the user alone.
        if (url.UserInfo.Length > 0)
        {
            _basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(builder.UserName) + ":" + Uri.UnescapeDataString(builder.Password)));
            builder.Password = string.Empty;
        }
        var shown = builder.Uri;
        builder.UserName = string.Empty;
        _base = builder.Uri;
        var segments = _base.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString);
        if (!VPath.TryParse("/" + string.Join('/', segments), out _basePath, out var error))
            throw new ArgumentException($"{url}: {error}", nameof(url));
        _kind = (int)_options.Kind;
        _ownsClient = _options.Client is null;
        _client = _options.Client ?? new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = _options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Source = new MountSource("http", shown.ToString());
        _servedBy = Source.ToString();
    }

    /// <summary>
    /// Makes a provider and asks the server once (OPTIONS) what kind it is, so
    /// <see cref="Capabilities"/> is right from the start. An unreachable server is not an error
    /// here (a startup script still builds its namespace offline): the kind then stays
    /// <see cref="HttpOriginKind.Auto"/> until the first answer.
    /// </summary>
    public static async Task<HttpFileSystem> ConnectAsync(Uri url, HttpFileSystemOptions? options = null, CancellationToken cancellationToken = default)
    {
        var fs = new HttpFileSystem(url, options);
        if (fs.Kind == HttpOriginKind.Auto)
        {
            try
            {
                using var response = await fs.SendAsync(HttpMethod.Options, fs._base, VPath.Root, null, cancellationToken).ConfigureAwait(false);
                if (fs.Kind == HttpOriginKind.Auto && AnswersForItself(response.StatusCode))
                    Interlocked.CompareExchange(ref fs._kind, (int)HttpOriginKind.Plain, (int)HttpOriginKind.Auto);
            }
            catch (NamespaceException)
            {
                // Offline: decided by the first answer.
            }
        }
        return fs;
    }

    /// <summary>The server kind, as configured or as learnt from its answers.</summary>
    public HttpOriginKind Kind => (HttpOriginKind)Volatile.Read(ref _kind);

    /// <summary>The mounted URL (ends with <c>/</c>).</summary>
    public Uri BaseUrl => _base;

    /// <inheritdoc/>
    public ProviderCapabilities Capabilities => Kind == HttpOriginKind.Plain
        ? ProviderCapabilities.Read | ProviderCapabilities.Ranges | ProviderCapabilities.Watch
        : ProviderCapabilities.Read | ProviderCapabilities.Write | ProviderCapabilities.Mutate | ProviderCapabilities.Watch | ProviderCapabilities.Ranges;

    /// <inheritdoc/>
    public MountSource Source { get; }

    /// <inheritdoc/>
    public async ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var url = UrlOf(path, directory: path.IsRoot);
        using (var response = await SendAsync(HttpMethod.Head, url, path, null, cancellationToken).ConfigureAwait(false))
        {
            if (response.IsSuccessStatusCode)
            {
                var directory = path.IsRoot || response.Headers.TryGetValues(NsHeaders.Type, out var types) && types.First() == "directory";
                return EntryFrom(response, path, directory);
            }
            if (IsSlashRedirect(response, url)) return await DirectoryStatAsync(path, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Gone))
                throw await ErrorAsync(response, path, url, change: false).ConfigureAwait(false);
        }
        // Some plain servers (rclone) answer for a directory only when it is named with a slash.
        return Kind == HttpOriginKind.Origin ? null : await DirectoryStatAsync(path, cancellationToken, missingIsNull: true).ConfigureAwait(false);
    }

    private async Task<NsEntry?> DirectoryStatAsync(VPath path, CancellationToken cancellationToken, bool missingIsNull = false)
    {
        var url = UrlOf(path, directory: true);
        using var response = await SendAsync(HttpMethod.Head, url, path, null, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return EntryFrom(response, path, directory: true);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            return missingIsNull ? null : new NsEntry(path.Name, EntryKind.Directory, 0, DirectoryMode, DateTimeOffset.UnixEpoch, null, _servedBy);
        throw await ErrorAsync(response, path, url, change: false).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<NsEntry> ListAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var listing = await ListCoreAsync(path, null, null, cancellationToken).ConfigureAwait(false);
        foreach (var entry in listing.Entries!)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    /// <summary>Lists a directory, conditionally when validators of an earlier listing are given.</summary>
    internal async Task<ListingResult> ListCoreAsync(VPath path, string? etag, DateTimeOffset? lastModified, CancellationToken cancellationToken)
    {
        var url = UrlOf(path, directory: true);
        using var response = await SendAsync(HttpMethod.Get, url, path, request =>
        {
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/html;q=0.9");
            request.Headers.Accept.ParseAdd("*/*;q=0.1");
            if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            else if (lastModified is { } since) request.Headers.IfModifiedSince = since;
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified) return new ListingResult(null, etag, lastModified);
        if (!response.IsSuccessStatusCode)
        {
            if (Kind != HttpOriginKind.Origin && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone && !path.IsRoot)
            {
                // A plain server says 404 for "file/": tell a file from nothing.
                if (await StatAsync(path, cancellationToken).ConfigureAwait(false) is { IsDirectory: false }) throw NsErrors.NotADirectory(path);
            }
            throw await ErrorAsync(response, path, url, change: false).ConfigureAwait(false);
        }
        if (response.Content.Headers.ContentLength > MaxListingBytes) throw HttpErrors.Garbage(path, url, $"listing larger than {MaxListingBytes} bytes");
        var body = await ReadLimitedAsync(response, path, url, cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        List<ListedEntry> listed;
        try
        {
            listed = mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
                ? JsonListingParser.Parse(body)
                : HtmlListingParser.Parse(Encoding.UTF8.GetString(body), url);
        }
        catch (JsonException e)
        {
            throw HttpErrors.Garbage(path, url, "listing is not valid JSON: " + e.Message, e);
        }
        var entries = await CompleteAsync(path, listed, cancellationToken).ConfigureAwait(false);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ListingResult(entries, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, VPath path, Uri url, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxListingBytes) throw HttpErrors.Garbage(path, url, $"listing larger than {MaxListingBytes} bytes");
        }
        return buffer.ToArray();
    }

    // Index pages often give no size or a rounded one: ask the files themselves, a few at a time.
    private async Task<List<NsEntry>> CompleteAsync(VPath directory, List<ListedEntry> listed, CancellationToken cancellationToken)
    {
        var result = new NsEntry[listed.Count];
        var toStat = new List<int>();
        for (var i = 0; i < listed.Count; i++)
        {
            result[i] = EntryFrom(listed[i]);
            if (listed[i].NeedsStat && toStat.Count < _options.ListingStatLimit) toStat.Add(i);
        }
        await Parallel.ForEachAsync(toStat, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            try
            {
                if (await StatAsync(directory.Child(listed[i].Name), ct).ConfigureAwait(false) is { } exact) result[i] = exact;
            }
            catch (NamespaceException)
            {
                // Keep what the listing said.
            }
        }).ConfigureAwait(false);
        return [.. result];
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default) =>
        (await OpenReadWithEntryAsync(path, cancellationToken).ConfigureAwait(false)).Content;

    /// <inheritdoc/>
    public async ValueTask<(NsEntry Entry, Stream Content)> OpenReadWithEntryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var (entry, content, _) = (await OpenAsync(path, null, null, cancellationToken).ConfigureAwait(false))!.Value;
        return (entry, content);
    }

    /// <inheritdoc/>
    /// <remarks>One GET with <c>If-None-Match</c> (the held ETag) or, without one, <c>If-Modified-Since</c>; 304 is null.</remarks>
    public async ValueTask<(NsEntry Entry, Stream Content)?> OpenReadIfChangedAsync(VPath path, CacheValidator held, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(held);
        return await OpenAsync(path, request => IfChanged(request, held), null, cancellationToken).ConfigureAwait(false) is var (entry, content, _) ? (entry, content) : null;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One GET with <c>Range: bytes=0-</c>(<paramref name="length"/> - 1), and with <paramref name="ifChanged"/> the
    /// conditions <see cref="OpenReadIfChangedAsync"/> sets. A 206 that covers the file, or a 200 (a server that ignores
    /// Range), is the whole file; a 416 is an empty one.
    /// </remarks>
    public ValueTask<(NsEntry Entry, Stream Content, bool Whole)?> OpenStartAsync(VPath path, long length, CacheValidator? ifChanged = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return OpenAsync(path, ifChanged is null ? null : request => IfChanged(request, ifChanged), length, cancellationToken);
    }

    private static void IfChanged(HttpRequestMessage request, CacheValidator held)
    {
        if (held.ETag is not null) AddRaw(request, "If-None-Match", held.ETag);
        else if (held.ModifiedUtc is { } since) request.Headers.IfModifiedSince = since;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One GET with <c>Range</c>, and with <paramref name="version"/> <c>If-Match</c> its ETag (or, without one,
    /// <c>If-Unmodified-Since</c> its time): 412 is Conflict. A server that ignores Range answers 200 with the whole file,
    /// which is skipped to <paramref name="offset"/> and cut at <paramref name="length"/> bytes.
    /// </remarks>
    public async ValueTask<(NsEntry Entry, Stream Content)> OpenRangeAsync(VPath path, long offset, long length, NsEntry? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ProviderChecks.ForRead(path);
        if (length == 0 || version is not null && offset >= version.Size)
            return (version ?? await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path), Stream.Null);
        var url = UrlOf(path);
        var response = await SendAsync(HttpMethod.Get, url, path, request =>
        {
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(offset, offset + length - 1);
            if (version?.ETag is { } etag) AddRaw(request, "If-Match", etag);
            else if (version is not null) request.Headers.IfUnmodifiedSince = version.ModifiedUtc;
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.PartialContent:
                case HttpStatusCode.OK:
                    break;
                case HttpStatusCode.PreconditionFailed:
                    throw NsErrors.Conflict(path, $"changed while being read ({url}: {HttpErrors.Status(response.StatusCode)})");
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    response.Dispose();
                    return (await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path), Stream.Null);
                default:
                    if (IsSlashRedirect(response, url) || response.StatusCode == HttpStatusCode.NotFound && Kind != HttpOriginKind.Origin &&
                        await StatAsync(path, cancellationToken).ConfigureAwait(false) is { IsDirectory: true })
                        throw NsErrors.IsADirectory(path);
                    throw await ErrorAsync(response, path, url, change: false).ConfigureAwait(false);
            }
            if (response.Headers.TryGetValues(NsHeaders.Type, out var types) && types.First() == "directory") throw NsErrors.IsADirectory(path);
            var entry = EntryFrom(response, path, directory: false);
            if (version?.ETag is { } held && entry.ETag is { } now && now != held)
                throw NsErrors.Conflict(path, $"changed while being read ({url})");
            var start = response.StatusCode == HttpStatusCode.PartialContent ? response.Content.Headers.ContentRange?.From ?? offset : 0;
            if (start > offset) throw NsErrors.Unavailable(path, $"{url}: asked for bytes from {offset}, the server sent them from {start}");
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var count = Math.Max(0, Math.Min(length, entry.SizeUnknown ? length : entry.Size - offset));
            // A server may send less of a range than was asked (a 206 that ends early): the stream ends where its answer does.
            if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.To is { } to && to >= offset)
                count = Math.Min(count, to - offset + 1);
            return (entry, new HttpRangeStream(path, url, response, body, offset - start, count));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // One GET of a file, its content as a seekable read stream over that response (or, asked for its first bytes only
    // and sent fewer than the whole file, a stream of those); null when the conditions that were set are answered 304
    // Not Modified.
    private async ValueTask<(NsEntry Entry, Stream Content, bool Whole)?> OpenAsync(VPath path, Action<HttpRequestMessage>? conditions, long? firstBytes, CancellationToken cancellationToken)
    {
        ProviderChecks.ForRead(path);
        var url = UrlOf(path);
        var response = await SendAsync(HttpMethod.Get, url, path, request =>
        {
            if (firstBytes is { } first) request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, first - 1);
            conditions?.Invoke(request);
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            if (conditions is not null && response.StatusCode == HttpStatusCode.NotModified)
            {
                response.Dispose();
                return null;
            }
            if (IsSlashRedirect(response, url) || response.Headers.TryGetValues(NsHeaders.Type, out var types) && types.First() == "directory")
                throw NsErrors.IsADirectory(path);
            if (firstBytes is not null && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                return (await EmptyFileAsync(response, path, cancellationToken).ConfigureAwait(false), Stream.Null, true);
            if (!response.IsSuccessStatusCode)
            {
                if (Kind != HttpOriginKind.Origin && response.StatusCode == HttpStatusCode.NotFound &&
                    await StatAsync(path, cancellationToken).ConfigureAwait(false) is { IsDirectory: true })
                    throw NsErrors.IsADirectory(path);
                throw await ErrorAsync(response, path, url, change: false).ConfigureAwait(false);
            }
            var entry = EntryFrom(response, path, directory: false);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                if (response.Content.Headers.ContentRange is not { From: 0, To: { } to })
                    throw NsErrors.Unavailable(path, $"{url}: asked for the file's first bytes, the server sent {response.Content.Headers.ContentRange?.ToString() ?? "a range it did not name"}");
                if (entry.SizeUnknown || to + 1 < entry.Size) return (entry, new HttpRangeStream(path, url, response, body, 0, to + 1), false);
            }
            return (entry, new HttpReadStream(this, path, url, response, body), true);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // A 416 to a request for a file's first bytes: the file is empty. Its entry is the answer's when it describes the
    // file (our origin server's does), else asked for.
    private async ValueTask<NsEntry> EmptyFileAsync(HttpResponseMessage response, VPath path, CancellationToken cancellationToken)
    {
        using (response)
        {
            if (response.Content.Headers.ContentRange is { HasLength: true, Length: 0 } && StrongETag(response) is not null)
                return EntryFrom(response, path, directory: false);
        }
        var entry = await StatAsync(path, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
        return entry.IsDirectory ? throw NsErrors.IsADirectory(path) : entry;
    }

    /// <inheritdoc/>
    public async ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default)
    {
        RequireWritable(path);
        ProviderChecks.ForWrite(path);
        var entry = await StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is { IsDirectory: true }) throw NsErrors.IsADirectory(path);
        if (entry is not null && mode == WriteMode.CreateNew) throw NsErrors.Exists(path);
        if (entry is null && !path.Parent.IsRoot)
        {
            var parent = await StatAsync(path.Parent, cancellationToken).ConfigureAwait(false);
            if (parent is null) throw NsErrors.NotFound(path.Parent);
            if (!parent.IsDirectory) throw NsErrors.NotADirectory(path.Parent);
        }
        // Nothing newer is overwritten: the PUT is conditional on what was there at open (a file the server gave no ETag
        // cannot be named, and is replaced).
        Action<HttpRequestMessage>? conditions = entry switch
        {
            null => request => IfUnchanged(request, null),
            { ETag: { } etag } => request => IfUnchanged(request, new CacheValidator(etag, null)),
            _ => null,
        };
        var stream = new HttpWriteStream(this, path, UrlOf(path), conditions);
        try
        {
            if (mode == WriteMode.Append && entry is not null) await stream.StartWithAsync(entry, cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            stream.Abort();
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Nothing is asked at open: one <c>PUT</c> when the stream is disposed, with <c>If-Match</c> the ETag expected, or
    /// without one <c>If-Unmodified-Since</c> its time, or with nothing expected <c>If-None-Match: *</c>. The origin
    /// checks it again at the moment it commits, so no change can come between; 412 is Conflict, and the origin keeps
    /// the other version. With only a time, two limits are HTTP's: its dates are whole seconds, so a change within the
    /// second of the version expected goes unseen; and <c>If-Unmodified-Since</c> holds where nothing is there, so a file
    /// removed meanwhile is written anew.
    /// </remarks>
    public ValueTask<NsWriteStream> OpenWriteIfAsync(VPath path, CacheValidator? expected, CancellationToken cancellationToken = default)
    {
        RequireWritable(path);
        ProviderChecks.ForWrite(path);
        if (expected is not null) ConditionalChecks.Require(expected);
        return ValueTask.FromResult<NsWriteStream>(new HttpWriteStream(this, path, UrlOf(path), request => IfUnchanged(request, expected)));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One <c>DELETE</c> with <c>If-Match</c> the ETag expected (or without one <c>If-Unmodified-Since</c> its time), which
    /// the origin checks under the lock it removes under. 412 is Conflict; a directory, which has no ETag, answers 412 too,
    /// and only then is a <c>HEAD</c> sent to say IsADirectory. (An empty directory whose time is the one expected would
    /// be removed: HTTP has no "files only".)
    /// </remarks>
    public async ValueTask DeleteIfAsync(VPath path, CacheValidator expected, CancellationToken cancellationToken = default)
    {
        RequireWritable(path);
        ProviderChecks.ForDelete(path);
        ConditionalChecks.Require(expected);
        try
        {
            await ChangeAsync(HttpMethod.Delete, path, request => IfUnchanged(request, expected), cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException e) when (e.Kind == NsErrorKind.Conflict)
        {
            if (await StatAsync(path, cancellationToken).ConfigureAwait(false) is { IsDirectory: true }) throw NsErrors.IsADirectory(path);
            throw;
        }
    }

    // The conditions of a change that may happen only while the file is `expected` (null: while nothing is there).
    private static void IfUnchanged(HttpRequestMessage request, CacheValidator? expected)
    {
        if (expected is null) AddRaw(request, "If-None-Match", "*");
        else if (expected.ETag is not null) AddRaw(request, "If-Match", expected.ETag);
        else request.Headers.IfUnmodifiedSince = expected.ModifiedUtc;
    }

    /// <inheritdoc/>
    public async ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        RequireWritable(path);
        ProviderChecks.ForCreateDirectory(path);
        await ChangeAsync(new HttpMethod("MKCOL"), path, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default)
    {
        RequireWritable(path);
        ProviderChecks.ForDelete(path);
        await ChangeAsync(HttpMethod.Delete, path, request =>
        {
            if (recursive) request.Headers.Add("Depth", "infinity");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default)
    {
        RequireWritable(from);
        if (!ProviderChecks.ForMove(from, to)) return;
        var destination = UrlOf(to).AbsoluteUri;
        await ChangeAsync(new HttpMethod("MOVE"), from, request => request.Headers.Add("Destination", destination), cancellationToken).ConfigureAwait(false);
    }

    private async Task ChangeAsync(HttpMethod method, VPath path, Action<HttpRequestMessage>? setup, CancellationToken cancellationToken)
    {
        var url = UrlOf(path);
        using var response = await SendAsync(method, url, path, setup, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, path, url, change: true).ConfigureAwait(false);
    }

    private void RequireWritable(VPath path)
    {
        if (Kind == HttpOriginKind.Plain) throw HttpErrors.ReadOnlyServer(path, _base);
    }

    /// <inheritdoc/>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        if (Kind == HttpOriginKind.Plain) return PollWatcher.Start(this, path, onChange);
        lock (_watchLock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            _events ??= new SseWatcher(this, _basePath);
            return _events.Add(path, onChange);
        }
    }

    /// <summary>Completes once the event stream is connected (for tests and callers that must not miss a change they cause next).</summary>
    internal Task EventsConnected
    {
        get
        {
            lock (_watchLock) return _events?.Connected ?? Task.CompletedTask;
        }
    }

    /// <summary>
    /// Completes once watching is live for the first time: the event stream has been answered
    /// (<c>ready</c> or <c>reset</c>), or a poller has taken its first look at the tree, against which
    /// it reports changes. A change made after that is reported; one made before may not be. For tests
    /// and callers that must not miss a change they cause next (also through a namespace's Watch).
    /// </summary>
    internal Task WatchLive => _watchLive.Task;

    internal void OnWatchLive() => _watchLive.TrySetResult();

    /// <summary>Stops watching and closes connections.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        lock (_watchLock) _events?.Dispose();
        if (_ownsClient) _client.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds a header that must not be validated by <see cref="HttpHeaders"/> (entity tags as the server gave them).</summary>
    internal static void AddRaw(HttpRequestMessage request, string name, string value) => request.Headers.TryAddWithoutValidation(name, value);
}
