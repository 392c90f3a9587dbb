using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Namespace.Http.Feeds;

/// <summary>Turns an HTML fragment into readable plain text: blocks on their own lines, list items with dashes, links with their targets.</summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "header", "footer", "blockquote", "pre", "ul", "ol", "li", "table", "tr",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure", "figcaption", "dl", "dt", "dd",
    };

    public static string Convert(string html)
    {
        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        var text = new StringBuilder();
        Walk(document.Body!, text, pre: false);
        var lines = text.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        var result = new StringBuilder();
        var blank = true;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (!blank) result.Append('\n');
                blank = true;
                continue;
            }
            result.Append(line.TrimStart()).Append('\n');
            blank = false;
        }
        return result.ToString().Trim('\n') + "\n";
    }

    private static void Walk(INode node, StringBuilder text, bool pre)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(pre ? t.Data : Collapse(t.Data));
                    break;
                case IElement e:
                    var name = e.LocalName;
                    if (name is "script" or "style" or "head") break;
                    if (name == "br")
                    {
                        text.Append('\n');
                        break;
                    }
                    var block = Blocks.Contains(name);
                    if (block) text.Append("\n\n");
                    if (name == "li") text.Append("- ");
                    Walk(e, text, pre || name == "pre");
                    if (name == "a" && e.GetAttribute("href") is { Length: > 0 } href && !href.StartsWith('#') && href != e.TextContent.Trim())
                        text.Append(" <").Append(href).Append('>');
                    if (name == "img" && e.GetAttribute("alt") is { Length: > 0 } alt) text.Append("[image: ").Append(alt).Append(']');
                    if (block) text.Append("\n\n");
                    break;
            }
        }
    }

    private static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!space) result.Append(' ');
                space = true;
            }
            else
            {
                result.Append(c);
                space = false;
            }
        }
        return result.ToString();
    }
}
