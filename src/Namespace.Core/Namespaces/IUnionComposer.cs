using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>
/// A layer that turns the elements of a union, as they were bound, into the elements lookup uses. The cache layer is
/// one: a cache element (<c>-C</c>) and the elements after it (its origin) become one element. Composers are given to a
/// namespace when it is made (<see cref="VirtualOS(IUnionComposer[])"/>); its sessions and forks keep them.
/// </summary>
public interface IUnionComposer
{
    /// <summary>
    /// The elements lookup uses for the union <paramref name="elements"/> at <paramref name="mountPath"/>; elements the
    /// composer has nothing to do with are returned as they are. Called for every union made, also for one that is
    /// then refused and never published, so nothing may start here (see <see cref="Published"/>).
    /// </summary>
    /// <exception cref="Errors.NamespaceException">InvalidArgument or NotSupported: the union cannot be made.</exception>
    UnionElement[] Compose(VPath mountPath, UnionElement[] elements);

    /// <summary>
    /// Checks a mount table about to be published (<paramref name="mounts"/>, every mount point in it), changed at
    /// <paramref name="changed"/>. Throws to refuse it; the namespace then stays as it was.
    /// </summary>
    /// <exception cref="Errors.NamespaceException">InvalidArgument, or the error of a provider it asked.</exception>
    ValueTask CheckAsync(IReadOnlyCollection<MountPoint> mounts, MountPoint changed, CancellationToken cancellationToken);

    /// <summary>
    /// A namespace now uses the mount points <paramref name="after"/> instead of <paramref name="before"/> (a mount, bind,
    /// unmount or fork was published): what the composed elements of the new table need is started here, and what only
    /// the old one had may be stopped. Several namespaces (forks) may publish the same mount points, each telling its
    /// own changes. The union a composer makes into one provider (<see cref="UnionProvider"/>) is not told of: what its
    /// elements need starts and stops with the mount point that holds it.
    /// </summary>
    void Published(IReadOnlyCollection<MountPoint> before, IReadOnlyCollection<MountPoint> after);

    /// <summary>
    /// Completes once what <see cref="Published"/> stopped so far no longer uses any provider (a cache element saves what
    /// it counted into its store as it stops), so that the namespace may close the providers no mount point holds.
    /// </summary>
    ValueTask StoppedAsync() => ValueTask.CompletedTask;
}
