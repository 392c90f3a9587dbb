using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Namespace.Http.Listings;

/// <summary>
/// Reads HTML index pages (nginx and Apache autoindex, python's http.server, rclone serve http, our
/// own): every link that points at a direct child of the directory is an entry, a trailing slash
/// marks a directory, and the size and time are taken from the link's table row or, for the
/// <c>&lt;pre&gt;</c> layout, from the text after the link.
/// </summary>
internal static partial class HtmlListingParser
{
    public static List<ListedEntry> Parse(string html, Uri directoryUrl)
    {
        var document = new HtmlParser().ParseDocument(html);
        var result = new List<ListedEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var basePath = directoryUrl.AbsolutePath.EndsWith('/') ? directoryUrl.AbsolutePath : directoryUrl.AbsolutePath + "/";
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            var href = anchor.GetAttribute("href");
            if (string.IsNullOrEmpty(href) || href[0] is '?' or '#') continue;
            if (!Uri.TryCreate(directoryUrl, href, out var target)) continue;
            if (target.Scheme != directoryUrl.Scheme || target.Authority != directoryUrl.Authority || target.Query.Length > 0) continue;
            var path = target.AbsolutePath;
            if (!path.StartsWith(basePath, StringComparison.Ordinal)) continue;
            var rest = path[basePath.Length..];
            var isDirectory = rest.EndsWith('/');
            if (isDirectory) rest = rest[..^1];
            if (rest.Length == 0 || rest.Contains('/')) continue;
            string name;
            try
            {
                name = Uri.UnescapeDataString(rest);
            }
            catch (UriFormatException)
            {
                continue;
            }
            if (!Core.Paths.VPath.IsValidName(name) || !seen.Add(name)) continue;
            var (size, exact, modified) = Metadata(anchor);
            result.Add(new ListedEntry(name, isDirectory, isDirectory ? 0 : size, exact, modified, null, null));
        }
        return result;
    }

    private static (long? Size, bool Exact, DateTimeOffset? Modified) Metadata(IElement anchor)
    {
        var row = anchor.Closest("tr");
        if (row is not null)
        {
            DateTimeOffset? modified = null;
            if (row.QuerySelector("time[datetime]")?.GetAttribute("datetime") is { } datetime) modified = ParseTime(datetime);
            long? size = null;
            var exact = true;
            if (row.QuerySelector("size") is { } sizeElement && TryParseSize(sizeElement.TextContent, out var s, out exact)) size = s;
            foreach (var cell in row.QuerySelectorAll("td"))
            {
                if (cell.Contains(anchor)) continue;
                var text = cell.TextContent.Trim();
                if (modified is null && ParseTime(text) is { } time) modified = time;
                else if (size is null && TryParseSize(text, out var cellSize, out var cellExact))
                {
                    size = cellSize;
                    exact = cellExact;
                }
            }
            return (size, exact, modified);
        }
        // nginx and Apache's <pre> layout: "<a href=..>name</a>   01-Jan-2024 10:00    1234"
        var after = anchor.NextSibling;
        if (after is { NodeType: NodeType.Text })
        {
            var line = after.TextContent.Split('\n')[0];
            var match = PreLine().Match(line);
            if (match.Success)
            {
                var modified = ParseTime(match.Groups["date"].Value);
                var ok = TryParseSize(match.Groups["size"].Value, out var size, out var exact);
                return (ok ? size : null, exact, modified);
            }
        }
        return (null, false, null);
    }

    private static DateTimeOffset? ParseTime(string text)
    {
        var t = text.Trim();
        var rclone = RcloneTime().Match(t);
        if (rclone.Success)
        {
            var offset = rclone.Groups["offset"].Success ? rclone.Groups["offset"].Value.Insert(3, ":") : "+00:00";
            if (DateTimeOffset.TryParse(rclone.Groups["stamp"].Value + offset, CultureInfo.InvariantCulture, DateTimeStyles.None, out var r)) return r.ToUniversalTime();
        }
        string[] formats = ["dd-MMM-yyyy HH:mm", "dd-MMM-yyyy HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ"];
        if (DateTimeOffset.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        return null;
    }

    private static bool TryParseSize(string text, out long size, out bool exact)
    {
        size = 0;
        exact = true;
        var t = text.Trim();
        if (t.Length == 0 || t == "-") return false;
        if (t.All(char.IsAsciiDigit)) return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out size);
        var match = HumanSize().Match(t);
        if (!match.Success) return false;
        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = char.ToUpperInvariant(match.Groups["u"].Value[0]);
        var factor = unit switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, 'T' => 1L << 40, _ => 1L };
        size = (long)(number * factor);
        exact = factor == 1;
        return true;
    }

    [GeneratedRegex(@"^\s*(?<date>\d{2}-[A-Za-z]{3}-\d{4} \d{2}:\d{2}(:\d{2})?|\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?)\s+(?<size>\S+)")]
    private static partial Regex PreLine();

    [GeneratedRegex(@"^(?<stamp>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(\.\d+)?( (?<offset>[+-]\d{4}))?")]
    private static partial Regex RcloneTime();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>[KMGTkmgt])i?B?$")]
    private static partial Regex HumanSize();
}
