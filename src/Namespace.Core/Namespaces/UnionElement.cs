using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

/// <summary>
/// One element of a union: a provider and the provider path that appears at the mount point
/// (fixed when the bind was made), with the element's flags.
/// </summary>
/// <param name="Provider">The provider that holds the data.</param>
/// <param name="Root">The provider path shown at the mount point.</param>
/// <param name="Create">Creates go here (<c>-c</c>).</param>
/// <param name="Cache">A cache element (<c>-C</c>).</param>
/// <param name="Options">The <c>-o</c> options, in the order given.</param>
public sealed record UnionElement(
    IFileProvider Provider,
    VPath Root,
    bool Create,
    bool Cache,
    IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>The option that makes an element read-only (<c>-o ro</c>).</summary>
    public const string ReadOnlyOption = "ro";

    /// <summary>True when the element was bound with the <c>ro</c> option (or bound from one that was): it serves data but refuses every change.</summary>
    public bool IsReadOnly => Options.Any(o => o.Key == ReadOnlyOption);

    /// <summary>True when files can be created and written through this element.</summary>
    public bool CanWrite => !IsReadOnly && Provider.Capabilities.HasFlag(ProviderCapabilities.Write);

    /// <summary>True when directories can be made and names removed or renamed through this element.</summary>
    public bool CanMutate => !IsReadOnly && Provider.Capabilities.HasFlag(ProviderCapabilities.Mutate);

    /// <summary>The provider path for a path <paramref name="relative"/> to the mount point.</summary>
    public VPath Map(VPath relative) => Root.Join(relative);

    /// <summary><c>TYPE:SOURCE</c> plus the root when it is not the provider's root.</summary>
    public override string ToString() => Root.IsRoot ? Provider.Source.ToString() : $"{Provider.Source}{Root}";
}
