namespace Namespace.Http.Client;

/// <summary>How an <see cref="HttpFileSystem"/> talks to its origin.</summary>
public sealed record HttpFileSystemOptions
{
    /// <summary>Sent as <c>Authorization: Bearer TOKEN</c> on every request when set.</summary>
    public string? Token { get; init; }

    /// <summary>The server kind; <see cref="HttpOriginKind.Auto"/> finds it out.</summary>
    public HttpOriginKind Kind { get; init; } = HttpOriginKind.Auto;

    /// <summary>How long one request may take to answer with headers (bodies stream without a limit).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idempotent request (GET, HEAD, OPTIONS) is tried again after a network error, a timeout, 502, 503 or 504.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>The pause before the first retry; it doubles for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a plain server is polled for changes (conditional listing requests).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most directories one polling watcher walks per round.</summary>
    public int PollMaxDirectories { get; init; } = 256;

    /// <summary>The first pause before reconnecting a dropped event stream; it doubles up to 10 seconds.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// For listings that give no exact size or time (HTML index pages), at most this many files are
    /// asked with HEAD per listing to fill them in; 0 turns that off.
    /// </summary>
    public int ListingStatLimit { get; init; } = 256;

    /// <summary>
    /// A client to share between providers (the caller owns it and should create it with
    /// <c>AllowAutoRedirect = false</c>); by default each provider makes its own over one
    /// <see cref="System.Net.Http.SocketsHttpHandler"/>.
    /// </summary>
    public HttpClient? Client { get; init; }
}
