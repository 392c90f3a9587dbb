using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>A mount point and the union of elements bound there, in lookup order. Immutable.</summary>
public sealed class MountPoint
{
    private readonly UnionElement[] _elements;

    /// <summary>Makes a mount point whose elements are looked up as they were bound (no composer).</summary>
    /// <param name="path">Where the union is mounted.</param>
    /// <param name="elements">The elements, first one looked up first.</param>
    /// <param name="order">When the union was made, relative to the others (for <c>ns</c>).</param>
    public MountPoint(VPath path, IEnumerable<UnionElement> elements, long order) : this(path, elements.ToArray(), order, [])
    {
    }

    /// <summary>Makes a mount point; <paramref name="composers"/> turn its elements into the ones lookup uses.</summary>
    /// <exception cref="Errors.NamespaceException">InvalidArgument or NotSupported when a composer cannot make the union; InvalidArgument for a cache element in a namespace without a cache layer.</exception>
    internal MountPoint(VPath path, UnionElement[] elements, long order, IUnionComposer[] composers)
    {
        Path = path;
        _elements = elements;
        var items = elements;
        foreach (var composer in composers) items = composer.Compose(path, items);
        // A cache element that nothing composed would pass for a plain element and quietly cache nothing.
        if (composers.Length == 0 && Array.FindIndex(elements, e => e.Cache) is var k && k >= 0 && k < elements.Length - 1)
            throw Errors.NsErrors.InvalidArgument(path, $"{elements[k]} cannot be a cache element: this namespace has no cache layer");
        Items = items;
        Order = order;
    }

    /// <summary>Where the union is mounted.</summary>
    public VPath Path { get; }

    /// <summary>The elements as they were bound, first one looked up first.</summary>
    public IReadOnlyList<UnionElement> Elements => _elements;

    /// <summary>
    /// The elements as lookup uses them, first one looked up first: <see cref="Elements"/> as the namespace's composers
    /// made them (a cache element and its origin as one element).
    /// </summary>
    public IReadOnlyList<UnionElement> Composed => Items;

    /// <summary>When the union was made, relative to the others (for <c>ns</c>).</summary>
    public long Order { get; }

    // The composed elements, for the hot path (never handed out as an array, never changed).
    internal UnionElement[] Items { get; }

    /// <summary>
    /// <paramref name="error"/>, about a provider path of <paramref name="element"/> (one of <see cref="Composed"/>), made
    /// about the namespace path it is seen at instead.
    /// </summary>
    public Errors.NamespaceException InNamespace(Errors.NamespaceException error, UnionElement element) => VirtualOS.Translate(error, Path, element);
}
