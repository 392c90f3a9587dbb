using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>A mount point and the union of elements bound there, in lookup order. Immutable.</summary>
public sealed class MountPoint
{
    /// <summary>Makes a mount point.</summary>
    /// <param name="path">Where the union is mounted.</param>
    /// <param name="elements">The elements, first one looked up first.</param>
    /// <param name="order">When the union was made, relative to the others (for <c>ns</c>).</param>
    public MountPoint(VPath path, IEnumerable<UnionElement> elements, long order)
    {
        Path = path;
        Items = elements.ToArray();
        Order = order;
    }

    /// <summary>Where the union is mounted.</summary>
    public VPath Path { get; }

    /// <summary>The elements, first one looked up first.</summary>
    public IReadOnlyList<UnionElement> Elements => Items;

    /// <summary>When the union was made, relative to the others (for <c>ns</c>).</summary>
    public long Order { get; }

    // The same elements as an array, for the lookup hot path (never handed out, never changed).
    internal UnionElement[] Items { get; }
}
