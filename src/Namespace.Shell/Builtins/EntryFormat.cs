using System.Globalization;
using Namespace.Core.Providers;

namespace Namespace.Shell.Builtins;

/// <summary>How entries are shown: modes as <c>drwxr-xr-x</c>, times as UTC ISO 8601.</summary>
internal static class EntryFormat
{
    public static string Mode(NsEntry entry)
    {
        Span<char> chars = stackalloc char[10];
        chars[0] = entry.IsDirectory ? 'd' : '-';
        var bits = (int)entry.Mode;
        const string letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++) chars[i + 1] = (bits & (1 << (8 - i))) != 0 ? letters[i] : '-';
        return new string(chars);
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Name(NsEntry entry) => entry.IsDirectory ? entry.Name + "/" : entry.Name;

    public static string Long(NsEntry entry, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{Mode(entry)} {entry.Size,12} {Time(entry.ModifiedUtc)} {State(entry.Cache),-9} {name}");

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
