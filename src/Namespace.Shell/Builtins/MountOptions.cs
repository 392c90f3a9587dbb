using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>The flags <c>mount</c> and <c>bind</c> share: position, <c>-c</c>, <c>-C</c> and validated <c>-o</c> options.</summary>
internal static class MountOptions
{
    private static readonly IReadOnlyList<string> CacheOnly = CacheOptions.Names;

    /// <summary>
    /// The element's flags and options. Options a mount type takes itself (<c>token</c> for <c>-t http</c>) go to
    /// <paramref name="forProvider"/> instead: they are the provider's, never kept on the element, so <c>ns</c> and
    /// <c>status</c> never show them. <paramref name="type"/> is null for <c>bind</c>, which takes none.
    /// </summary>
    public static BindOptions From(Flags flags, MountTypeRegistry types, string? type, List<KeyValuePair<string, string>> forProvider)
    {
        if (flags.Has('a') && flags.Has('b')) throw new UsageException("-a and -b cannot be combined");
        var position = flags.Has('b') ? BindPosition.Before : flags.Has('a') ? BindPosition.After : BindPosition.Replace;
        var options = ParseOptions(flags.Value('o'), flags.Has('C'), types, type, forProvider);
        return new BindOptions(position, flags.Has('c'), flags.Has('C'), options.Count == 0 ? null : options);
    }

    private static List<KeyValuePair<string, string>> ParseOptions(string? text, bool cache, MountTypeRegistry types, string? type, List<KeyValuePair<string, string>> forProvider)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (text is null) return result;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0) continue;
            var eq = item.IndexOf('=');
            var key = eq < 0 ? item : item[..eq];
            var value = eq < 0 ? string.Empty : item[(eq + 1)..];
            // A provider's option may be a secret: no message quotes its value.
            if (types.TypesTaking(key) is { Count: > 0 } takers)
            {
                if (type is null || !takers.Contains(type))
                    throw new UsageException($"option {key} is for mount -t {string.Join(" or -t ", takers)}");
                forProvider.Add(new(key, value));
                continue;
            }
            Validate(key, value, cache);
            result.Add(new(key, value));
        }
        try
        {
            if (cache) CacheOptions.Parse(result); // together: an option given twice
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
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
        // The values are checked by the parser the cache element itself uses: one rule, one message.
        try
        {
            CacheOptions.Parse([new(key, value)]);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
