using System.Globalization;
using Namespace.Core.Providers;

namespace Namespace.Browser.Rendering;

/// <summary>What only the browser shows differently: sizes short, times to the minute (the rest reads as <see cref="NsEntryText"/> words it).</summary>
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
}
