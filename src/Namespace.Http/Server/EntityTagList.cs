namespace Namespace.Http.Server;

/// <summary>An <c>If-Match</c> / <c>If-None-Match</c> value: <c>*</c> or a list of entity tags.</summary>
internal sealed class EntityTagList
{
    private readonly List<(bool Weak, string Opaque)> _tags;

    private EntityTagList(bool any, List<(bool Weak, string Opaque)> tags)
    {
        Any = any;
        _tags = tags;
    }

    /// <summary>True for <c>*</c>.</summary>
    public bool Any { get; }

    /// <summary>Parses a header value; false when it is malformed.</summary>
    public static bool TryParse(string value, out EntityTagList list)
    {
        list = new EntityTagList(false, []);
        var text = value.Trim();
        if (text == "*")
        {
            list = new EntityTagList(true, []);
            return true;
        }
        var tags = new List<(bool, string)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t' || text[i] == ',')) i++;
            if (i >= text.Length) break;
            var weak = false;
            if (text[i] == 'W' && i + 1 < text.Length && text[i + 1] == '/')
            {
                weak = true;
                i += 2;
            }
            if (i >= text.Length || text[i] != '"') return false;
            var end = text.IndexOf('"', i + 1);
            if (end < 0) return false;
            tags.Add((weak, text[i..(end + 1)]));
            i = end + 1;
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
            if (i < text.Length && text[i] != ',') return false;
        }
        if (tags.Count == 0) return false;
        list = new EntityTagList(false, tags);
        return true;
    }

    /// <summary>Strong comparison (If-Match, If-Range): both tags strong and equal.</summary>
    public bool MatchesStrong(string? etag) =>
        etag is not null && !etag.StartsWith("W/", StringComparison.Ordinal) && _tags.Any(t => !t.Weak && t.Opaque == etag);

    /// <summary>Weak comparison (If-None-Match): the opaque parts are equal.</summary>
    public bool MatchesWeak(string? etag)
    {
        if (etag is null) return false;
        var opaque = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        return _tags.Any(t => t.Opaque == opaque);
    }
}
