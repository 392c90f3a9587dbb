using System.Globalization;
using Namespace.Core.Providers;

namespace Namespace.Browser.Rendering;

/// <summary>How entry fields are shown: sizes short, times in UTC, modes as <c>drwxr-xr-x</c>, cache states as <c>ls -l</c> shows them.</summary>
public static class EntryText
{
    /// <summary>Bytes up to 99999, then one decimal and K, M, G, T; empty for directories.</summary>
    public static string Size(NsEntry entry)
    {
        if (entry.IsDirectory) return "";
        double size = entry.Size;
        if (size < 100_000) return entry.Size.ToString(CultureInfo.InvariantCulture);
        var unit = 0;
        const string units = "KMGTPE";
        do
        {
            size /= 1024;
            unit++;
        }
        while (size >= 1000 && unit < units.Length);
        return string.Create(CultureInfo.InvariantCulture, $"{size:0.0}{units[unit - 1]}");
    }

    /// <summary>UTC, to the minute: <c>2026-11-28 08:58</c>.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>UTC, to the second, ISO 8601 (as <c>ls -l</c> and <c>stat</c> show it).</summary>
    public static string FullTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The kind and permission bits: <c>drwxr-xr-x</c>.</summary>
    public static string Mode(NsEntry entry)
    {
        Span<char> chars = stackalloc char[10];
        chars[0] = entry.IsDirectory ? 'd' : '-';
        var bits = (int)entry.Mode;
        const string letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++) chars[i + 1] = (bits & (1 << (8 - i))) != 0 ? letters[i] : '-';
        return new string(chars);
    }

    /// <summary>The cache state column: <c>fresh</c>, <c>stale</c>, <c>dirty</c>, <c>uploading</c>, <c>conflict</c>, or <c>-</c>.</summary>
    public static string State(CacheState state) => state switch
    {
        CacheState.Fresh => "fresh",
        CacheState.Stale => "stale",
        CacheState.Dirty => "dirty",
        CacheState.Uploading => "uploading",
        CacheState.Conflict => "conflict",
        _ => "-",
    };
}
