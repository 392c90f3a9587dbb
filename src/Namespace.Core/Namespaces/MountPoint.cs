using Namespace.Core.Caching;
using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>A mount point and the union of elements bound there, in lookup order. Immutable.</summary>
public sealed class MountPoint
{
    private readonly UnionElement[] _elements;

    /// <summary>Makes a mount point.</summary>
    /// <param name="path">Where the union is mounted.</param>
    /// <param name="elements">The elements, first one looked up first.</param>
    /// <param name="order">When the union was made, relative to the others (for <c>ns</c>).</param>
    /// <exception cref="Errors.NamespaceException">InvalidArgument or NotSupported for a cache element that cannot be made (see DESIGN §4).</exception>
    public MountPoint(VPath path, IEnumerable<UnionElement> elements, long order)
    {
        Path = path;
        _elements = elements.ToArray();
        Items = CachedProvider.Compose(path, _elements);
        Order = order;
    }

    /// <summary>Where the union is mounted.</summary>
    public VPath Path { get; }

    /// <summary>The elements as they were bound, first one looked up first.</summary>
    public IReadOnlyList<UnionElement> Elements => _elements;

    /// <summary>When the union was made, relative to the others (for <c>ns</c>).</summary>
    public long Order { get; }

    // The elements as lookup uses them, for the hot path (never handed out, never changed): the same as
    // Elements, except that a cache element and the elements after it (its origin) are one CachedProvider.
    internal UnionElement[] Items { get; }
}
