namespace Namespace.Core.Namespaces;

/// <summary>
/// The shared holder of a namespace's current mount table; sessions of one namespace share it.
/// Readers take the current snapshot without locking; changes are serialised by <see cref="Gate"/>
/// (they may need I/O to resolve paths) and published with one atomic swap, after which the namespace's
/// <see cref="Composers"/> are told.
/// </summary>
internal sealed class NamespaceState
{
    private MountTable _table;

    public NamespaceState(MountTable table, IUnionComposer[] composers)
    {
        _table = table;
        Composers = composers;
        if (composers.Length > 0 && table.Count > 0) Told(MountTable.Empty, table);
    }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The layers that compose this namespace's unions (see <see cref="IUnionComposer"/>).</summary>
    public IUnionComposer[] Composers { get; }

    public MountTable Table => Volatile.Read(ref _table);

    public void Publish(MountTable table)
    {
        var before = Interlocked.Exchange(ref _table, table);
        Told(before, table);
    }

    private void Told(MountTable before, MountTable after)
    {
        if (Composers.Length == 0) return;
        var (old, now) = (before.All.ToArray(), after.All.ToArray());
        foreach (var composer in Composers) composer.Published(old, now);
    }
}
