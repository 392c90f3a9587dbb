namespace Namespace.Http.Feeds;

/// <summary>How a <see cref="FeedFileSystem"/> fetches its feed.</summary>
public sealed record FeedFileSystemOptions
{
    /// <summary>How long a fetched feed is used before it is fetched again (conditionally); zero asks the server (If-None-Match) every time.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often watching polls the feed; <see cref="RefreshInterval"/> when null.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>How long one fetch may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest feed document accepted.</summary>
    public long MaxFeedBytes { get; init; } = 16L << 20;

    /// <summary>A client to share (the caller owns it); by default the provider makes its own.</summary>
    public HttpClient? Client { get; init; }

    /// <summary>The clock (tests may replace it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
