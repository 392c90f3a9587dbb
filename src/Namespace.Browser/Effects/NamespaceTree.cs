using Namespace.Core.Namespaces;

namespace Namespace.Browser.Effects;

/// <summary>The namespace view: every mount point, in path order and indented by depth, with its union's elements in lookup order and their flags.</summary>
public static class NamespaceTree
{
    /// <summary>The lines of the view for a mount table.</summary>
    public static IReadOnlyList<string> Lines(IEnumerable<MountPoint> mounts)
    {
        var lines = new List<string>();
        foreach (var mount in mounts.OrderBy(m => m.Path))
        {
            var indent = new string(' ', 2 * mount.Path.Depth);
            lines.Add(indent + mount.Path.Value);
            for (var i = 0; i < mount.Elements.Count; i++)
            {
                var element = mount.Elements[i];
                var branch = i == mount.Elements.Count - 1 ? "└ " : "├ ";
                lines.Add(indent + branch + element + Flags(element));
            }
        }
        return lines;
    }

    private static string Flags(UnionElement element)
    {
        var flags = new List<string>();
        if (element.Create) flags.Add("-c");
        if (element.Cache) flags.Add("-C");
        if (element.Options.Count > 0) flags.Add("-o " + string.Join(',', element.Options.Select(o => o.Value.Length == 0 ? o.Key : $"{o.Key}={o.Value}")));
        return flags.Count == 0 ? "" : "  " + string.Join(' ', flags);
    }
}
