using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Http.Server;

/// <summary>Renders a directory listing as a small HTML page for browsers (links are absolute paths).</summary>
internal static class HtmlListingPage
{
    public static string Render(VPath directory, IReadOnlyList<NsEntry> entries)
    {
        var html = HtmlEncoder.Default;
        var title = html.Encode("Index of " + Slash(directory));
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif}td{padding:0 1em}td.size{text-align:right}</style></head>\n<body><h1>")
            .Append(title).Append("</h1>\n<table>\n<thead><tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr></thead>\n<tbody>\n");
        if (!directory.IsRoot)
            page.Append("<tr><td><a href=\"").Append(html.Encode(Href(directory.Parent, true))).Append("\">../</a></td><td></td><td></td></tr>\n");
        foreach (var entry in entries)
        {
            var name = entry.IsDirectory ? entry.Name + "/" : entry.Name;
            page.Append("<tr><td><a href=\"").Append(html.Encode(Href(directory.Child(entry.Name), entry.IsDirectory))).Append("\">")
                .Append(html.Encode(name)).Append("</a></td><td class=\"size\">")
                .Append(entry.IsDirectory ? "-" : entry.Size.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(entry.ModifiedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        page.Append("</tbody>\n</table>\n</body></html>\n");
        return page.ToString();
    }

    /// <summary>The percent-encoded URL path of <paramref name="path"/>, with a slash after a directory.</summary>
    public static string Href(VPath path, bool directory)
    {
        if (path.IsRoot) return "/";
        var href = "/" + string.Join('/', path.Segments.Select(Uri.EscapeDataString));
        return directory ? href + "/" : href;
    }

    private static string Slash(VPath path) => path.IsRoot ? "/" : path.Value + "/";
}
