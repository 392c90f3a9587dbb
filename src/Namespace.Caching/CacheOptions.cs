using System.Globalization;

namespace Namespace.Caching;

/// <summary>How writes through a cache element reach its origin (<c>-o mode=</c>).</summary>
public enum CacheMode
{
    /// <summary>Write the origin first, then refresh the cache (the default).</summary>
    WriteThrough,
    /// <summary>Refuse every change.</summary>
    ReadOnly,
    /// <summary>Write locally and upload later (the write-back uploader).</summary>
    WriteBack,
}

/// <summary>Which clean entries go first when a cache is over <c>maxsize</c> or <c>maxentries</c> (<c>-o policy=</c>).</summary>
public enum EvictionPolicy
{
    /// <summary>Least recently read first.</summary>
    Lru,
    /// <summary>Least often read first.</summary>
    Lfu,
    /// <summary>First fetched first.</summary>
    Fifo,
    /// <summary>Soonest to expire first (oldest validation).</summary>
    Ttl,
}

/// <summary>
/// The <c>-o</c> options of a cache element (DESIGN §4), parsed and checked. Durations are a whole number with
/// <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c> (<c>0</c> means none); sizes a whole number of bytes or with <c>K</c>,
/// <c>M</c>, <c>G</c> or <c>T</c>.
/// </summary>
public sealed record CacheOptions
{
    /// <summary>The option names a cache element accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ttl", "mode", "purge", "maxage", "maxsize", "maxentries", "policy", "stale", "uploads", "delay"];

    /// <summary>The TTL when none is given: five minutes.</summary>
    public static TimeSpan DefaultTtl { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Options with every default.</summary>
    public static CacheOptions Default { get; } = new();

    /// <summary>How long an entry stays fresh after it was fetched or revalidated (<c>ttl</c>; 0 revalidates every time).</summary>
    public TimeSpan Ttl { get; init; } = DefaultTtl;

    /// <summary>Where writes go (<c>mode</c>).</summary>
    public CacheMode Mode { get; init; } = CacheMode.WriteThrough;

    /// <summary>Serve a stale copy when the origin cannot be reached (<c>stale=serve</c>, the default) or fail (<c>stale=fail</c>).</summary>
    public bool ServeStale { get; init; } = true;

    /// <summary>How often the purge ticker runs (<c>purge</c>), or null for never.</summary>
    public TimeSpan? PurgeInterval { get; init; }

    /// <summary>Clean entries not validated for this long are dropped by the purge ticker (<c>maxage</c>), or null.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>The most bytes of file content kept (<c>maxsize</c>), or null for no limit.</summary>
    public long? MaxSize { get; init; }

    /// <summary>The most files kept (<c>maxentries</c>), or null for no limit.</summary>
    public long? MaxEntries { get; init; }

    /// <summary>Which clean entries go first when over a limit (<c>policy</c>, default lru).</summary>
    public EvictionPolicy Policy { get; init; } = EvictionPolicy.Lru;

    /// <summary>How many uploads a write-back element runs at once (<c>uploads</c>, default 4).</summary>
    public int Uploads { get; init; } = 4;

    /// <summary>How long a write-back element waits after a change before uploading it (<c>delay</c>), or null for not at all.</summary>
    public TimeSpan? UploadDelay { get; init; }

    /// <summary>Parses the options of a cache element; options that are not cache options (such as <c>ro</c>) are left to others.</summary>
    /// <exception cref="ArgumentException">An option with a bad value, or a cache option given twice, with a message naming it.</exception>
    public static CacheOptions Parse(IEnumerable<KeyValuePair<string, string>> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = Default;
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in options)
        {
            if (Names.Contains(key) && !given.TryAdd(key, value))
                throw new ArgumentException($"option {key} given twice ({key}={given[key]}, {key}={value})");
            result = key switch
            {
                "ttl" => result with { Ttl = Duration(key, value) ?? TimeSpan.Zero },
                "purge" => result with { PurgeInterval = Duration(key, value) },
                "maxage" => result with { MaxAge = Duration(key, value) },
                "maxsize" => result with { MaxSize = TrySize(value, out var bytes) ? bytes : throw Bad(key, value, "a size like 500M or 2G") },
                "maxentries" => result with
                {
                    MaxEntries = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw Bad(key, value, "a positive whole number"),
                },
                "mode" => result with
                {
                    Mode = value switch
                    {
                        "writethrough" => CacheMode.WriteThrough,
                        "readonly" => CacheMode.ReadOnly,
                        "writeback" => CacheMode.WriteBack,
                        _ => throw Bad(key, value, "writeback, writethrough or readonly"),
                    },
                },
                "policy" => result with
                {
                    Policy = value switch
                    {
                        "lru" => EvictionPolicy.Lru,
                        "lfu" => EvictionPolicy.Lfu,
                        "fifo" => EvictionPolicy.Fifo,
                        "ttl" => EvictionPolicy.Ttl,
                        _ => throw Bad(key, value, "lru, lfu, fifo or ttl"),
                    },
                },
                "uploads" => result with
                {
                    Uploads = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var uploads) && uploads is > 0 and <= 256
                        ? uploads
                        : throw Bad(key, value, "a whole number from 1 to 256"),
                },
                "delay" => result with { UploadDelay = Duration(key, value) },
                "stale" => result with { ServeStale = value switch { "serve" => true, "fail" => false, _ => throw Bad(key, value, "serve or fail") } },
                _ => result,
            };
        }
        return result;
    }

    /// <summary>Parses a duration: a whole number with s, m, h or d; <c>0</c> alone means none (zero).</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        if (text == "0") return true;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        // Checked before multiplying: a count that large overflows a TimeSpan.
        if (unit is null || n > TimeSpan.FromDays(36500).Ticks / unit.Value.Ticks) return false;
        duration = unit.Value * n;
        return true;
    }

    /// <summary>Parses a size: a positive whole number of bytes, or with K, M, G or T (powers of 1024).</summary>
    public static bool TrySize(string text, out long bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        if (text.Length == 0) return false;
        var multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, 'T' => 1L << 40, _ => 1L };
        var digits = multiplier == 1 ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > long.MaxValue / multiplier) return false;
        bytes = n * multiplier;
        return true;
    }

    /// <summary>The options as <c>k=v</c> text for <c>status</c>, defaults included (<c>purge=0</c>, <c>maxage=0</c>: none); the limits when set.</summary>
    public override string ToString()
    {
        var parts = new List<string>
        {
            "ttl=" + Text(Ttl), "mode=" + Mode.ToString().ToLowerInvariant(), "stale=" + (ServeStale ? "serve" : "fail"),
            "purge=" + Text(PurgeInterval ?? TimeSpan.Zero), "maxage=" + Text(MaxAge ?? TimeSpan.Zero),
        };
        if (MaxSize is { } maxSize) parts.Add("maxsize=" + maxSize.ToString(CultureInfo.InvariantCulture));
        if (MaxEntries is { } maxEntries) parts.Add("maxentries=" + maxEntries.ToString(CultureInfo.InvariantCulture));
        parts.Add("policy=" + Policy.ToString().ToLowerInvariant());
        if (Mode == CacheMode.WriteBack)
        {
            parts.Add("uploads=" + Uploads.ToString(CultureInfo.InvariantCulture));
            parts.Add("delay=" + Text(UploadDelay ?? TimeSpan.Zero));
        }
        return string.Join(',', parts);
    }

    /// <summary>A duration as the shortest option text that gives it back (<c>90s</c>, <c>10m</c>, <c>2d</c>).</summary>
    public static string Text(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero) return "0";
        var seconds = (long)duration.TotalSeconds;
        if (seconds % 86400 == 0) return string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400}d");
        if (seconds % 3600 == 0) return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}h");
        if (seconds % 60 == 0) return string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}m");
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
    }

    private static TimeSpan? Duration(string key, string value)
    {
        if (!TryDuration(value, out var duration)) throw Bad(key, value, "a duration like 30s, 10m, 1h or 2d");
        return duration == TimeSpan.Zero ? null : duration;
    }

    private static ArgumentException Bad(string key, string value, string expected) => new($"invalid option {key}={value}: expected {expected}");
}
