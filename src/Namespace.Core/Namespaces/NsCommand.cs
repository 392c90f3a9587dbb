using System.Text;
using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>
/// One line of <c>ns</c> output: a <c>mount</c> that recreates one union element. Replaying all of
/// them in order, into an empty namespace, rebuilds the same namespace.
/// </summary>
/// <param name="Options">The element's flags; the position is Replace for the first element of a union, After for the rest.</param>
/// <param name="Type">Mount type.</param>
/// <param name="Source">Mount source.</param>
/// <param name="Old">The mount point.</param>
/// <param name="Spec">The provider path shown at the mount point, when not the provider's root (Plan 9's attach spec).</param>
public sealed record NsCommand(BindOptions Options, string Type, string Source, VPath Old, VPath Spec)
{
    /// <summary>The rc command line, e.g. <c>mount -aC -o ttl=10m -t db cache.db /web</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("mount");
        var flags = (Options.Position switch { BindPosition.Before => "b", BindPosition.After => "a", _ => "" })
            + (Options.Create ? "c" : "") + (Options.Cache ? "C" : "");
        if (flags.Length > 0) sb.Append(" -").Append(flags);
        if (Options.Options is { Count: > 0 } options)
            sb.Append(" -o ").Append(RcQuote.Quote(string.Join(',', options.Select(o => o.Value.Length == 0 ? o.Key : $"{o.Key}={o.Value}"))));
        sb.Append(" -t ").Append(RcQuote.Quote(Type)).Append(' ').Append(RcQuote.Quote(Source)).Append(' ').Append(RcQuote.Quote(Old.Value));
        if (!Spec.IsRoot) sb.Append(' ').Append(RcQuote.Quote(Spec.Value));
        return sb.ToString();
    }
}
