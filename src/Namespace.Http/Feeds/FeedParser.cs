using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Net.Http.Headers;
using Namespace.Core.Paths;

namespace Namespace.Http.Feeds;

/// <summary>Reads RSS 2.0 and Atom 1.0 documents into items named <c>yyyy-MM-dd-slug.txt</c>.</summary>
internal static partial class FeedParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    /// <exception cref="XmlException">Not well-formed XML, or neither RSS nor Atom.</exception>
    public static List<FeedItem> Parse(Stream xml, DateTimeOffset fetched)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, Async = false };
        using var reader = XmlReader.Create(xml, settings);
        var document = XDocument.Load(reader);
        var root = document.Root ?? throw new XmlException("empty document");
        IEnumerable<(string Title, string? Link, string? Author, DateTimeOffset? Date, string Body, bool Html)> raw = root.Name.LocalName switch
        {
            "rss" => root.Element("channel")?.Elements("item").Select(Rss) ?? [],
            "RDF" => root.Elements().Where(e => e.Name.LocalName == "item").Select(Rss),
            "feed" when root.Name.Namespace == Atom => root.Elements(Atom + "entry").Select(AtomEntry),
            _ => throw new XmlException($"not an RSS or Atom feed (root element {root.Name.LocalName})"),
        };
        var items = new List<FeedItem>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (title, link, author, date, body, html) in raw)
        {
            var stem = (date is { } d ? d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-" : string.Empty) + Slug(title);
            var name = stem + ".txt";
            for (var n = 2; !names.Add(name); n++) name = $"{stem}-{n}.txt";
            var text = new StringBuilder();
            text.Append("Title: ").Append(OneLine(title)).Append('\n');
            if (link is not null) text.Append("Link: ").Append(OneLine(link)).Append('\n');
            if (author is not null) text.Append("Author: ").Append(OneLine(author)).Append('\n');
            if (date is { } when) text.Append("Date: ").Append(when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n');
            text.Append('\n').Append(html ? HtmlText.Convert(body) : body.Trim() + "\n");
            items.Add(new FeedItem(name, Encoding.UTF8.GetBytes(text.ToString()), date ?? fetched));
        }
        return items;
    }

    private static (string, string?, string?, DateTimeOffset?, string, bool) Rss(XElement item)
    {
        string? Child(XName name) => item.Element(name)?.Value;
        string? Local(string name) => item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        var title = Local("title") ?? "untitled";
        var body = Child(Content + "encoded") ?? Local("description") ?? string.Empty;
        var date = ParseDate(Local("pubDate") ?? Child(Dc + "date"));
        return (title, Local("link") ?? Local("guid"), Local("author") ?? Child(Dc + "creator"), date, body, true);
    }

    private static (string, string?, string?, DateTimeOffset?, string, bool) AtomEntry(XElement entry)
    {
        var title = entry.Element(Atom + "title")?.Value ?? "untitled";
        var link = entry.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href")?.Value;
        var body = entry.Element(Atom + "content") ?? entry.Element(Atom + "summary");
        var type = (string?)body?.Attribute("type") ?? "text";
        var html = type is "html" or "xhtml" || type.Contains("html", StringComparison.OrdinalIgnoreCase);
        var content = type == "xhtml" ? string.Concat(body!.Nodes().Select(n => n.ToString())) : body?.Value ?? string.Empty;
        var date = ParseDate(entry.Element(Atom + "updated")?.Value ?? entry.Element(Atom + "published")?.Value);
        return (title, link, entry.Element(Atom + "author")?.Element(Atom + "name")?.Value, date, content, html);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormKD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-' && (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))) slug.Append('-');
            if (slug.Length >= 60) break;
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 || !VPath.IsValidName(text) ? "item" : text;
    }

    /// <summary>RFC 822 dates (RSS, with numeric or named zones) and ISO 8601 (Atom).</summary>
    internal static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) && t.Contains('-') && t.Contains('T'))
            return iso.ToUniversalTime();
        if (HeaderUtilities.TryParseDate(t, out var http)) return http.ToUniversalTime();
        var match = Rfc822().Match(t);
        if (!match.Success) return null;
        var zone = match.Groups["zone"].Value.ToUpperInvariant() switch
        {
            "GMT" or "UT" or "UTC" or "Z" => "+00:00",
            "EST" => "-05:00",
            "EDT" => "-04:00",
            "CST" => "-06:00",
            "CDT" => "-05:00",
            "MST" => "-07:00",
            "MDT" => "-06:00",
            "PST" => "-08:00",
            "PDT" => "-07:00",
            var z when z.Length == 5 => z.Insert(3, ":"),
            _ => "+00:00",
        };
        var seconds = match.Groups["s"].Success ? match.Groups["s"].Value : "00";
        var stamp = $"{match.Groups["d"].Value.PadLeft(2, '0')} {match.Groups["m"].Value} {match.Groups["y"].Value} {match.Groups["h"].Value}:{match.Groups["min"].Value}:{seconds} {zone}";
        return DateTimeOffset.TryParseExact(stamp, "dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    [GeneratedRegex(@"(?<d>\d{1,2})\s+(?<m>[A-Za-z]{3})\s+(?<y>\d{4})\s+(?<h>\d{2}):(?<min>\d{2})(:(?<s>\d{2}))?\s*(?<zone>[A-Za-z]+|[+-]\d{4})?")]
    private static partial Regex Rfc822();
}
