namespace Namespace.Http.Server;

/// <summary>How an <see cref="OriginServer"/> serves its directory.</summary>
public sealed record OriginServerOptions
{
    /// <summary>When set, every request must carry <c>Authorization: Bearer TOKEN</c> (else 401).</summary>
    public string? Token { get; init; }

    /// <summary>Refuse every change (PUT, DELETE, MKCOL, MOVE) with 405.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Allow listening on an address that is not loopback (off by default).</summary>
    public bool AllowRemote { get; init; }

    /// <summary>The largest request body accepted (413 above it); 1 GiB by default.</summary>
    public long MaxRequestBodySize { get; init; } = 1L << 30;

    /// <summary>How many recent change events are kept for clients that reconnect with <c>Last-Event-ID</c>.</summary>
    public int EventCapacity { get; init; } = 4096;

    /// <summary>How often an idle event stream sends a comment line, so dead connections are noticed.</summary>
    public TimeSpan EventHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The most ranges one request may ask for; a Range header with more is ignored (200).</summary>
    public int MaxRanges { get; init; } = 16;

    /// <summary>The clock (tests may replace it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
