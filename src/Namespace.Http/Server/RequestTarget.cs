using System.Text;
using Namespace.Core.Paths;

namespace Namespace.Http.Server;

/// <summary>
/// A request path decoded strictly from the raw request target: each segment is percent-decoded on
/// its own, and a segment that decodes to <c>.</c>, <c>..</c>, or holds a slash, a backslash, NUL or
/// another control character is refused, so no encoding trick can name anything but a plain path
/// below the served root.
/// </summary>
/// <param name="Path">The normalised path.</param>
/// <param name="TrailingSlash">True when the target ended with <c>/</c> (a directory was asked for).</param>
/// <param name="Query">The raw query without <c>?</c>, or empty.</param>
internal readonly record struct RequestTarget(VPath Path, bool TrailingSlash, string Query)
{
    /// <summary>Parses an origin-form target (<c>/a/b?q</c>) or an absolute-form one (<c>http://host/a/b</c>).</summary>
    public static bool TryParse(string raw, out RequestTarget target, out string error)
    {
        target = default;
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var authorityStart = raw.IndexOf("//", StringComparison.Ordinal) + 2;
            var slash = raw.IndexOf('/', authorityStart);
            raw = slash < 0 ? "/" : raw[slash..];
        }
        var queryStart = raw.IndexOf('?');
        var query = queryStart < 0 ? string.Empty : raw[(queryStart + 1)..];
        var pathPart = queryStart < 0 ? raw : raw[..queryStart];
        var hash = pathPart.IndexOf('#');
        if (hash >= 0) pathPart = pathPart[..hash];
        if (pathPart.Length == 0 || pathPart[0] != '/')
        {
            error = "request target must be an absolute path";
            return false;
        }
        var segments = new List<string>();
        foreach (var encoded in pathPart.Split('/'))
        {
            if (encoded.Length == 0) continue;
            if (!TryDecode(encoded, out var name, out error)) return false;
            if (name is "." or "..")
            {
                error = "dot segments are not allowed";
                return false;
            }
            if (name.Contains('/') || name.Contains('\\'))
            {
                error = "encoded slash or backslash in a name";
                return false;
            }
            if (name.Any(char.IsControl))
            {
                error = "control character in a name";
                return false;
            }
            segments.Add(name);
        }
        var text = "/" + string.Join('/', segments);
        if (!VPath.TryParse(text, out var path, out var pathError))
        {
            error = pathError ?? "invalid path";
            return false;
        }
        target = new RequestTarget(path, pathPart.Length > 1 && pathPart[^1] == '/', query);
        error = string.Empty;
        return true;
    }

    /// <summary>True when the query holds <paramref name="key"/> (as <c>key</c> or <c>key=value</c>).</summary>
    public bool HasQueryKey(string key)
    {
        foreach (var part in Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if ((eq < 0 ? part : part[..eq]).Equals(key, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool TryDecode(string encoded, out string name, out string error)
    {
        name = string.Empty;
        if (encoded.IndexOf('%') < 0)
        {
            name = encoded;
            error = string.Empty;
            return true;
        }
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length || !Uri.IsHexDigit(encoded[i + 1]) || !Uri.IsHexDigit(encoded[i + 2]))
                {
                    error = "malformed percent-encoding";
                    return false;
                }
                bytes.Add((byte)Convert.ToInt32(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c > 0x7f)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
            else
            {
                bytes.Add((byte)c);
            }
        }
        try
        {
            name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            error = "percent-encoding is not valid UTF-8";
            return false;
        }
        error = string.Empty;
        return true;
    }
}
