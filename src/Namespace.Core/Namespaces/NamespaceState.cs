namespace Namespace.Core.Namespaces;

/// <summary>
/// The shared holder of a namespace's current mount table; sessions of one namespace share it.
/// Readers take the current snapshot without locking; changes are serialised by <see cref="Gate"/>
/// (they may need I/O to resolve paths) and published with one atomic swap.
/// </summary>
internal sealed class NamespaceState(MountTable table)
{
    private MountTable _table = table;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public MountTable Table => Volatile.Read(ref _table);

    public void Publish(MountTable table) => Volatile.Write(ref _table, table);
}
