using System.Globalization;
using System.Net;
using System.Text.Json;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Http.Protocol;

namespace Namespace.Http.Client;

/// <summary>
/// One event-stream connection shared by all of a provider's subscriptions. It reconnects after a
/// drop with <c>Last-Event-ID</c>, so nothing is missed while the server still keeps the events;
/// when it does not (a <c>reset</c>), every subscriber gets an Overflow and should re-read. A
/// subscription only sees events newer than the last one the provider's own requests had seen when
/// it subscribed. A server without an event stream makes every subscription fall back to polling.
/// </summary>
internal sealed class SseWatcher : IDisposable
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(10);
    private readonly HttpFileSystem _fs;
    private readonly VPath _basePath;
    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscriptions = [];
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _loop;
    private long _cursor = -1;
    private bool _polling;

    public SseWatcher(HttpFileSystem fs, VPath basePath)
    {
        _fs = fs;
        _basePath = basePath;
    }

    /// <summary>Completes when the current connection has been answered with <c>ready</c> or <c>reset</c>.</summary>
    public Task Connected
    {
        get
        {
            lock (_lock) return _connected.Task;
        }
    }

    public IDisposable Add(VPath path, Action<ChangeEvent> onChange)
    {
        lock (_lock)
        {
            var after = Math.Max(_fs.LastSeenEventId, Interlocked.Read(ref _cursor));
            var subscription = new Subscription(this, path, onChange, after);
            if (_polling)
            {
                subscription.Poller = PollWatcher.Start(_fs, path, onChange);
                return subscription;
            }
            _subscriptions.Add(subscription);
            if (_loop is null)
            {
                Interlocked.Exchange(ref _cursor, after);
                _loop = CancellationTokenSource.CreateLinkedTokenSource(_fs.Disposing);
                var token = _loop.Token;
                _ = Task.Run(() => RunAsync(token));
            }
            return subscription;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _loop?.Cancel();
            _loop = null;
            foreach (var s in _subscriptions) s.Poller?.Dispose();
            _subscriptions.Clear();
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            subscription.Poller?.Dispose();
            if (!_subscriptions.Remove(subscription) || _subscriptions.Count > 0) return;
            _loop?.Cancel();
            _loop = null;
            _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _fs.Options.ReconnectDelay;
        var url = new Uri(_fs.BaseUrl, NsHeaders.EventsPath);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var cursor = Interlocked.Read(ref _cursor);
                using var response = await _fs.SendAsync(HttpMethod.Get, url, VPath.Root, request =>
                {
                    request.Headers.Accept.ParseAdd(NsHeaders.EventStream);
                    if (cursor >= 0) request.Headers.TryAddWithoutValidation("Last-Event-ID", cursor.ToString(CultureInfo.InvariantCulture));
                }, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                var isStream = response.Content.Headers.ContentType?.MediaType == NsHeaders.EventStream;
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented ||
                    response.IsSuccessStatusCode && !isStream)
                {
                    FallBackToPolling();
                    return;
                }
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await foreach (var message in SseReader.ReadAsync(body, cancellationToken).ConfigureAwait(false))
                    {
                        delay = _fs.Options.ReconnectDelay;
                        Handle(message);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NamespaceException or HttpRequestException or IOException or OperationCanceledException)
            {
                // Dropped or refused: try again after a pause.
            }
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = delay * 2 < MaxReconnectDelay ? delay * 2 : MaxReconnectDelay;
        }
    }

    private void Handle(SseMessage message)
    {
        long id = -1;
        if (message.Id is { } text) long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
        switch (message.Event)
        {
            case "ready":
                if (id >= 0) Interlocked.Exchange(ref _cursor, id);
                Signal();
                break;
            case "reset":
                if (id >= 0) Interlocked.Exchange(ref _cursor, id);
                foreach (var s in Snapshot()) s.Deliver(new ChangeEvent(ChangeKind.Overflow, s.Path), long.MaxValue);
                Signal();
                break;
            case "change":
                if (id >= 0) Interlocked.Exchange(ref _cursor, id);
                if (ToChange(message.Data) is not { } change) break;
                foreach (var s in Snapshot())
                {
                    if (change.Kind == ChangeKind.Overflow) s.Deliver(new ChangeEvent(ChangeKind.Overflow, s.Path), id);
                    else if (change.Concerns(s.Path)) s.Deliver(change, id);
                }
                break;
        }
    }

    private void Signal()
    {
        lock (_lock) _connected.TrySetResult();
        _fs.OnWatchLive();
    }

    private ChangeEvent? ToChange(string data)
    {
        ChangeDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(data, HttpJsonContext.Default.ChangeDocument);
        }
        catch (JsonException)
        {
            return null;
        }
        if (doc is null || !ChangeKinds.TryParse(doc.Kind, out var kind)) return null;
        if (kind == ChangeKind.Overflow) return new ChangeEvent(ChangeKind.Overflow, VPath.Root);
        var path = Map(doc.Path);
        var old = doc.OldPath is { } o ? Map(o) : null;
        return (kind, path, old) switch
        {
            (ChangeKind.Renamed, { } p, null) => new ChangeEvent(ChangeKind.Created, p),
            (ChangeKind.Renamed, null, { } o2) => new ChangeEvent(ChangeKind.Deleted, o2),
            (_, { } p, _) => new ChangeEvent(kind, p, old),
            _ => null,
        };
    }

    private VPath? Map(string serverPath)
    {
        if (!VPath.TryParse(serverPath, out var path, out _) || !path.IsUnder(_basePath)) return null;
        return path.RelativeTo(_basePath);
    }

    private Subscription[] Snapshot()
    {
        lock (_lock) return [.. _subscriptions];
    }

    private void FallBackToPolling()
    {
        lock (_lock)
        {
            _polling = true;
            foreach (var s in _subscriptions) s.Poller ??= PollWatcher.Start(_fs, s.Path, s.Callback);
            _loop = null;
            _connected.TrySetResult();
        }
    }

    private sealed class Subscription(SseWatcher owner, VPath path, Action<ChangeEvent> callback, long after) : IDisposable
    {
        private int _disposed;

        public VPath Path => path;

        public Action<ChangeEvent> Callback => callback;

        public IDisposable? Poller { get; set; }

        public void Deliver(ChangeEvent change, long id)
        {
            if (id > after && Volatile.Read(ref _disposed) == 0) callback(change);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Remove(this);
        }
    }
}
