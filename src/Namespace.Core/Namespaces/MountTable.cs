using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>
/// An immutable snapshot of the mount table: mount points, their unions, and the synthetic
/// directories above mount points. Changes make a new table; readers keep the one they took.
/// </summary>
internal sealed class MountTable
{
    // Plain dictionaries, never changed after construction: a change builds a new table. (Frozen and
    // immutable collections cost more to start than a mount table of a few entries ever saves.) Keyed by
    // the path's string, ordinally as VPath compares: a dictionary over a struct key is JIT-compiled at
    // start-up, one over strings shares the framework's precompiled code.
    private readonly Dictionary<string, MountPoint> _mounts;
    private readonly Dictionary<string, MountPoint>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, string[]> _children;
    private readonly (int Length, MountPoint[] Mounts)[] _byLength;

    public static MountTable Empty { get; } = new(new Dictionary<string, MountPoint>(StringComparer.Ordinal), 0);

    private MountTable(Dictionary<string, MountPoint> mounts, long nextOrder)
    {
        _mounts = mounts;
        NextOrder = nextOrder;
        // Plain loops rather than LINQ over tuples: this runs at start-up, where every generic instantiation is JIT time.
        var groups = new Dictionary<int, List<MountPoint>>();
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var mount in mounts.Values)
        {
            if (!groups.TryGetValue(mount.Path.Value.Length, out var group)) groups[mount.Path.Value.Length] = group = [];
            group.Add(mount);
            for (var p = mount.Path; !p.IsRoot; p = p.Parent)
            {
                var parent = p.Parent.Value;
                if (!children.TryGetValue(parent, out var names)) children[parent] = names = [];
                if (!names.Contains(p.Name)) names.Add(p.Name);
            }
        }
        _lookup = mounts.GetAlternateLookup<ReadOnlySpan<char>>();
        // Candidates grouped by length, longest first: a path is compared only with mount points
        // whose length ends at one of its separators, and there are seldom more than a few.
        var lengths = new int[groups.Count];
        groups.Keys.CopyTo(lengths, 0);
        Array.Sort(lengths);
        for (int i = 0, j = lengths.Length - 1; i < j; i++, j--) (lengths[i], lengths[j]) = (lengths[j], lengths[i]);
        _byLength = new (int, MountPoint[])[lengths.Length];
        for (var i = 0; i < lengths.Length; i++) _byLength[i] = (lengths[i], groups[lengths[i]].ToArray());
        _children = new Dictionary<string, string[]>(children.Count, StringComparer.Ordinal);
        foreach (var (dir, names) in children)
        {
            var array = names.ToArray();
            Array.Sort(array, StringComparer.Ordinal);
            _children[dir] = array;
        }
    }

    /// <summary>How many mount points the table holds.</summary>
    public int Count => _mounts.Count;

    /// <summary>The order number the next new union gets.</summary>
    public long NextOrder { get; }

    /// <summary>All mount points, oldest union first.</summary>
    public IEnumerable<MountPoint> All => _mounts.Values.OrderBy(m => m.Order);

    /// <summary>The union mounted exactly at <paramref name="path"/>.</summary>
    public bool TryGetExact(VPath path, out MountPoint mount) => _mounts.TryGetValue(path.Value, out mount!);

    /// <summary>The union whose mount point is the longest prefix of <paramref name="path"/>.</summary>
    public bool TryFind(VPath path, out MountPoint mount)
    {
        var value = path.Value;
        foreach (var (length, candidates) in _byLength)
        {
            if (length > value.Length) continue;
            if (length > 1 && length < value.Length && value[length] != '/') continue;
            if (candidates.Length > 8)
            {
                if (_lookup.TryGetValue(value.AsSpan(0, length), out mount!)) return true;
                continue;
            }
            var prefix = value.AsSpan(0, length);
            foreach (var candidate in candidates)
            {
                if (prefix.SequenceEqual(candidate.Path.Value))
                {
                    mount = candidate;
                    return true;
                }
            }
        }
        mount = null!;
        return false;
    }

    /// <summary>True when some mount point lies strictly below <paramref name="path"/>.</summary>
    public bool HasMountsBelow(VPath path) => _children.ContainsKey(path.Value);

    /// <summary>Names directly below <paramref name="path"/> that are mount points or lead to one, sorted.</summary>
    public string[] MountChildren(VPath path) => _children.TryGetValue(path.Value, out var names) ? names : [];

    /// <summary>A table with <paramref name="mount"/> set at its path.</summary>
    public MountTable With(MountPoint mount) =>
        new(new Dictionary<string, MountPoint>(_mounts, StringComparer.Ordinal) { [mount.Path.Value] = mount }, Math.Max(NextOrder, mount.Order + 1));

    /// <summary>A table without the union at <paramref name="path"/>.</summary>
    public MountTable Without(VPath path)
    {
        var mounts = new Dictionary<string, MountPoint>(_mounts, StringComparer.Ordinal);
        mounts.Remove(path.Value);
        return new MountTable(mounts, NextOrder);
    }
}
