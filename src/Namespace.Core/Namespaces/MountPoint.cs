using System.Collections.Immutable;
using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>A mount point and the union of elements bound there, in lookup order.</summary>
/// <param name="Path">Where the union is mounted.</param>
/// <param name="Elements">The elements, first one looked up first.</param>
/// <param name="Order">When the union was made, relative to the others (for <c>ns</c>).</param>
public sealed record MountPoint(VPath Path, ImmutableArray<UnionElement> Elements, long Order);
