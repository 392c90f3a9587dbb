using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

/// <summary>
/// The shared holder of a namespace's current mount table; sessions of one namespace share it.
/// Readers take the current snapshot without locking; changes are serialised by <see cref="Gate"/>
/// (they may need I/O to resolve paths) and published with one atomic swap, after which the namespace's
/// <see cref="Composers"/> are told (unless the namespace is the origin of a cache element: see <see cref="ForOrigin"/>),
/// and what the providers the namespace's family owns (<see cref="Ownership"/>) are held by is counted.
/// </summary>
internal sealed class NamespaceState
{
    private readonly bool _tells;
    private MountTable _table;

    /// <summary>The state of a new namespace (<paramref name="ownership"/> null) or of a fork of one (its family's).</summary>
    public NamespaceState(MountTable table, IUnionComposer[] composers, ProviderOwnership? ownership = null)
        : this(table, composers, tells: true, ownership ?? new ProviderOwnership())
    {
    }

    private NamespaceState(MountTable table, IUnionComposer[] composers, bool tells, ProviderOwnership? ownership)
    {
        _table = table;
        Composers = composers;
        Ownership = ownership;
        _tells = tells && composers.Length > 0;
        if (table.Count > 0) Ownership?.Published(MountTable.Empty, table);
        if (_tells && table.Count > 0) Told(MountTable.Empty, table);
    }

    /// <summary>
    /// The state of a union seen as one provider (<see cref="UnionProvider"/>), whose composers are not told of it: it is
    /// made while its composer composes the enclosing union, which may yet be refused, so the composer starts what its
    /// elements need when a namespace publishes the enclosing union, and stops it with that.
    /// </summary>
    public static NamespaceState ForOrigin(MountTable table, IUnionComposer[] composers) => new(table, composers, tells: false, ownership: null);

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The layers that compose this namespace's unions (see <see cref="IUnionComposer"/>).</summary>
    public IUnionComposer[] Composers { get; }

    /// <summary>
    /// The providers the namespace's family (it, its sessions and forks) closes once none of them holds one; null for the
    /// origin of a cache element, whose providers the enclosing namespace holds.
    /// </summary>
    public ProviderOwnership? Ownership { get; }

    public MountTable Table => Volatile.Read(ref _table);

    /// <summary>Publishes <paramref name="table"/>; returns the providers owned that no namespace of the family holds any more, to be closed.</summary>
    public IFileProvider[] Publish(MountTable table)
    {
        var before = Interlocked.Exchange(ref _table, table);
        var released = Ownership?.Published(before, table) ?? [];
        Told(before, table);
        return released;
    }

    private void Told(MountTable before, MountTable after)
    {
        if (!_tells) return;
        var (old, now) = (before.All.ToArray(), after.All.ToArray());
        foreach (var composer in Composers) composer.Published(old, now);
    }
}
