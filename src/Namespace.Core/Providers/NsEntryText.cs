using System.Globalization;

namespace Namespace.Core.Providers;

/// <summary>How an entry's fields read wherever they are shown (<c>ls -l</c>, <c>stat</c>, the browser): one wording.</summary>
public static class NsEntryText
{
    /// <summary>The kind and permission bits: <c>drwxr-xr-x</c>.</summary>
    public static string Mode(NsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Span<char> chars = stackalloc char[10];
        chars[0] = entry.Kind switch
        {
            EntryKind.Directory => 'd',
            EntryKind.Fifo => 'p',
            EntryKind.Socket => 's',
            EntryKind.CharacterDevice => 'c',
            EntryKind.BlockDevice => 'b',
            EntryKind.SymbolicLink => 'l',
            _ => '-',
        };
        var bits = (int)entry.Mode;
        const string letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++) chars[i + 1] = (bits & (1 << (8 - i))) != 0 ? letters[i] : '-';
        return new string(chars);
    }

    /// <summary>What the entry is, in a word or two: <c>file</c>, <c>directory</c>, <c>fifo</c>, <c>socket</c>, <c>character device</c>, <c>block device</c>, <c>symbolic link</c>.</summary>
    public static string Kind(NsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Kind(entry.Kind);
    }

    /// <inheritdoc cref="Kind(NsEntry)"/>
    public static string Kind(EntryKind kind) => kind switch
    {
        EntryKind.Directory => "directory",
        EntryKind.Fifo => "fifo",
        EntryKind.Socket => "socket",
        EntryKind.CharacterDevice => "character device",
        EntryKind.BlockDevice => "block device",
        EntryKind.SymbolicLink => "symbolic link",
        _ => "file",
    };

    /// <summary>UTC, to the second, ISO 8601: <c>2026-11-28T08:58:00Z</c>.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The cache-state column: <c>fresh</c>, <c>stale</c>, <c>dirty</c>, <c>uploading</c>, <c>conflict</c>, or <c>-</c>.</summary>
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
