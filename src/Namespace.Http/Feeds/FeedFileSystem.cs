using System.Net;
using System.Runtime.CompilerServices;
using System.Xml;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Client;

namespace Namespace.Http.Feeds;

/// <summary>
/// Feed mode (<c>mount -t feed URL /path</c>): an RSS 2.0 or Atom feed as a read-only directory of
/// text files, one per item (<c>yyyy-MM-dd-slug.txt</c>: title, link, author and date lines, a
/// blank line, then the body, with HTML turned into text). The feed is fetched when first used and
/// again, conditionally, once <see cref="FeedFileSystemOptions.RefreshInterval"/> has passed; if a
/// refresh fails, the last good copy keeps being served. Watching polls every <see cref="FeedFileSystemOptions.PollInterval"/>.
/// </summary>
public sealed class FeedFileSystem : IFileProvider, IDisposable
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private readonly Uri _url;
    private readonly FeedFileSystemOptions _options;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly string _servedBy;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource _watchLive = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Snapshot? _snapshot;

    private sealed record Snapshot(DateTimeOffset FetchedAt, string? ETag, DateTimeOffset? LastModified, Dictionary<string, FeedItem> Items, DateTimeOffset Newest);

    /// <summary>A provider for the feed at <paramref name="url"/>; nothing is fetched until it is used.</summary>
    /// <exception cref="ArgumentException">Not an absolute http or https URL.</exception>
    public FeedFileSystem(Uri url, FeedFileSystemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")) throw new ArgumentException($"{url}: not an http or https URL", nameof(url));
        _url = url;
        _options = options ?? new FeedFileSystemOptions();
        _ownsClient = _options.Client is null;
        _client = _options.Client ?? new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }) { Timeout = Timeout.InfiniteTimeSpan };
        Source = new MountSource("feed", UrlText.WithoutPassword(url));
        _servedBy = Source.ToString();
    }

    /// <inheritdoc/>
    public ProviderCapabilities Capabilities => ProviderCapabilities.Read | ProviderCapabilities.Ranges | ProviderCapabilities.Watch;

    /// <inheritdoc/>
    public MountSource Source { get; }

    /// <inheritdoc/>
    public async ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var snapshot = await CurrentAsync(force: false, cancellationToken).ConfigureAwait(false);
        if (path.IsRoot) return new NsEntry(string.Empty, EntryKind.Directory, 0, DirectoryMode, snapshot.Newest, null, _servedBy);
        return path.Depth == 1 && snapshot.Items.TryGetValue(path.Name, out var item) ? Entry(item) : null;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<NsEntry> ListAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var snapshot = await CurrentAsync(force: false, cancellationToken).ConfigureAwait(false);
        if (!path.IsRoot)
        {
            if (path.Depth == 1 && snapshot.Items.ContainsKey(path.Name)) throw NsErrors.NotADirectory(path);
            throw NsErrors.NotFound(path);
        }
        foreach (var item in snapshot.Items.Values.OrderBy(i => i.Name, StringComparer.Ordinal)) yield return Entry(item);
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForRead(path);
        var snapshot = await CurrentAsync(force: false, cancellationToken).ConfigureAwait(false);
        if (path.Depth != 1 || !snapshot.Items.TryGetValue(path.Name, out var item)) throw NsErrors.NotFound(path);
        return new MemoryStream(item.Content, writable: false);
    }

    /// <inheritdoc/>
    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    /// <inheritdoc/>
    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    /// <inheritdoc/>
    public ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(path);

    /// <inheritdoc/>
    public ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default) => throw NsErrors.ReadOnly(from);

    /// <inheritdoc/>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        _ = Task.Run(() => PollAsync(path, onChange, stop.Token));
        return new Stopper(stop);
    }

    /// <summary>
    /// Completes once a watcher has its first copy of the feed, against which it reports changes: a
    /// change to the feed after that is reported. For tests and callers that must not miss a change they cause next.
    /// </summary>
    internal Task WatchLive => _watchLive.Task;

    /// <summary>Stops watching and closes connections.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        if (_ownsClient) _client.Dispose();
    }

    private NsEntry Entry(FeedItem item) => new(item.Name, EntryKind.File, item.Content.Length, FileMode, item.Modified, Tag(item), _servedBy);

    private static string Tag(FeedItem item) => "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(item.Content), 0, 12) + "\"";

    private async Task PollAsync(VPath path, Action<ChangeEvent> onChange, CancellationToken cancellationToken)
    {
        Dictionary<string, FeedItem>? previous = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var current = (await CurrentAsync(force: previous is not null, cancellationToken).ConfigureAwait(false)).Items;
                if (previous is not null)
                {
                    foreach (var (name, item) in current.OrderBy(i => i.Key, StringComparer.Ordinal))
                    {
                        var changed = previous.TryGetValue(name, out var before);
                        if (changed && before!.Content.AsSpan().SequenceEqual(item.Content)) continue;
                        var child = VPath.Root.Child(name);
                        if (child.IsUnder(path)) onChange(new ChangeEvent(changed ? ChangeKind.Changed : ChangeKind.Created, child));
                    }
                    foreach (var name in previous.Keys.Where(n => !current.ContainsKey(n)).OrderBy(n => n, StringComparer.Ordinal))
                    {
                        var child = VPath.Root.Child(name);
                        if (child.IsUnder(path)) onChange(new ChangeEvent(ChangeKind.Deleted, child));
                    }
                }
                else
                {
                    _watchLive.TrySetResult();
                }
                previous = current;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NamespaceException)
            {
                // Unreachable now; try again next round.
            }
            try
            {
                await Task.Delay(_options.PollInterval ?? _options.RefreshInterval, _options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Snapshot> CurrentAsync(bool force, CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (!force && snapshot is not null && snapshot.FetchedAt + _options.RefreshInterval > _options.Time.GetUtcNow()) return snapshot;
        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            snapshot = _snapshot;
            if (!force && snapshot is not null && snapshot.FetchedAt + _options.RefreshInterval > _options.Time.GetUtcNow()) return snapshot;
            try
            {
                snapshot = await FetchAsync(snapshot, cancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException) when (snapshot is not null)
            {
                // The last good copy is served while the feed cannot be fetched.
                return snapshot;
            }
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
        finally
        {
            _fetch.Release();
        }
    }

    private async Task<Snapshot> FetchAsync(Snapshot? previous, CancellationToken cancellationToken)
    {
        var now = _options.Time.GetUtcNow();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        timer.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1");
        if (previous?.ETag is { } etag) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        else if (previous?.LastModified is { } since) request.Headers.IfModifiedSince = since;
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified && previous is not null) return previous with { FetchedAt = now };
            if (!response.IsSuccessStatusCode) throw HttpErrors.Unavailable(VPath.Root, _url, response.StatusCode);
            if (response.Content.Headers.ContentLength > _options.MaxFeedBytes) throw HttpErrors.Garbage(VPath.Root, _url, $"feed larger than {_options.MaxFeedBytes} bytes");
            using var body = new MemoryStream();
            await using (var stream = await response.Content.ReadAsStreamAsync(timer.Token).ConfigureAwait(false))
            {
                var chunk = new byte[64 * 1024];
                int n;
                while ((n = await stream.ReadAsync(chunk, timer.Token).ConfigureAwait(false)) > 0)
                {
                    body.Write(chunk, 0, n);
                    if (body.Length > _options.MaxFeedBytes) throw HttpErrors.Garbage(VPath.Root, _url, $"feed larger than {_options.MaxFeedBytes} bytes");
                }
            }
            body.Position = 0;
            List<FeedItem> items;
            try
            {
                items = FeedParser.Parse(body, now);
            }
            catch (XmlException e)
            {
                throw HttpErrors.Garbage(VPath.Root, _url, e.Message, e);
            }
            var newest = items.Count == 0 ? now : items.Max(i => i.Modified);
            return new Snapshot(now, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified, items.ToDictionary(i => i.Name, StringComparer.Ordinal), newest);
        }
        catch (HttpRequestException e)
        {
            throw HttpErrors.Network(VPath.Root, _url, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            throw HttpErrors.Timeout(VPath.Root, _url, _options.RequestTimeout, e);
        }
    }

    private sealed class Stopper(CancellationTokenSource stop) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) stop.Cancel();
        }
    }
}
