using System.Globalization;
using Namespace.Core.Caching;
using Namespace.Core.Namespaces;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>The flags <c>mount</c> and <c>bind</c> share: position, <c>-c</c>, <c>-C</c> and validated <c>-o</c> options.</summary>
internal static class MountOptions
{
    private static readonly IReadOnlyList<string> CacheOnly = CacheOptions.Names;

    public static BindOptions From(Flags flags)
    {
        if (flags.Has('a') && flags.Has('b')) throw new UsageException("-a and -b cannot be combined");
        var position = flags.Has('b') ? BindPosition.Before : flags.Has('a') ? BindPosition.After : BindPosition.Replace;
        var options = ParseOptions(flags.Value('o'), flags.Has('C'));
        return new BindOptions(position, flags.Has('c'), flags.Has('C'), options.Count == 0 ? null : options);
    }

    public static List<KeyValuePair<string, string>> ParseOptions(string? text, bool cache)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (text is null) return result;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0) continue;
            var eq = item.IndexOf('=');
            var key = eq < 0 ? item : item[..eq];
            var value = eq < 0 ? string.Empty : item[(eq + 1)..];
            Validate(key, value, cache);
            result.Add(new(key, value));
        }
        return result;
    }

    private static void Validate(string key, string value, bool cache)
    {
        if (key == "ro")
        {
            if (value.Length > 0) throw new UsageException("option ro takes no value");
            return;
        }
        if (!CacheOnly.Contains(key)) throw new UsageException($"unknown option '{key}' (known: ro, {string.Join(", ", CacheOnly)})");
        if (!cache) throw new UsageException($"option {key} is for cache elements: add -C");
        var ok = key switch
        {
            "ttl" or "purge" or "maxage" => CacheOptions.TryDuration(value, out _),
            "maxsize" => CacheOptions.TrySize(value, out _),
            "maxentries" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0,
            "mode" => value is "writeback" or "writethrough" or "readonly",
            "policy" => value is "lru" or "lfu" or "fifo" or "ttl",
            "stale" => value is "serve" or "fail",
            _ => false,
        };
        if (!ok)
        {
            var expected = key switch
            {
                "ttl" or "purge" or "maxage" => "a duration like 30s, 10m, 1h or 2d",
                "maxsize" => "a size like 500M or 2G",
                "maxentries" => "a positive whole number",
                "mode" => "writeback, writethrough or readonly",
                "policy" => "lru, lfu, fifo or ttl",
                _ => "serve or fail",
            };
            throw new UsageException($"invalid option {key}={value}: expected {expected}");
        }
    }
}
