using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Namespace.Http.Listings;

/// <summary>Reads JSON listings: our origin's (<c>{"path":..., "entries":[...]}</c>) and nginx's <c>autoindex_format json</c> (an array).</summary>
internal static class JsonListingParser
{
    /// <exception cref="JsonException">The body is not a listing.</exception>
    public static List<ListedEntry> Parse(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        var items = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("entries", out var entries) && entries.ValueKind == JsonValueKind.Array => entries,
            _ => throw new JsonException("neither a listing object nor an array"),
        };
        var result = new List<ListedEntry>();
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
                throw new JsonException("an entry without a name");
            var type = item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "file";
            long? size = item.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) && n >= 0 ? n : null;
            var etag = item.TryGetProperty("etag", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            int? mode = item.TryGetProperty("mode", out var m) && m.TryGetInt32(out var bits) ? bits : null;
            var isDirectory = type == "directory";
            result.Add(new ListedEntry(nameElement.GetString()!, isDirectory, isDirectory ? 0 : size, true, Time(item), etag, mode));
        }
        return result;
    }

    private static DateTimeOffset? Time(JsonElement item)
    {
        if (!item.TryGetProperty("mtime", out var value) || value.ValueKind != JsonValueKind.String) return null;
        if (value.TryGetDateTimeOffset(out var iso)) return iso.ToUniversalTime();
        return HeaderUtilities.TryParseDate(value.GetString(), out var http) ? http.ToUniversalTime() : null;
    }
}
