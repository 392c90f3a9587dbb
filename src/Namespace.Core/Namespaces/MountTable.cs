using System.Collections.Frozen;
using System.Collections.Immutable;
using Namespace.Core.Paths;

namespace Namespace.Core.Namespaces;

/// <summary>
/// An immutable snapshot of the mount table: mount points, their unions, and the synthetic
/// directories above mount points. Changes make a new table; readers keep the one they took.
/// </summary>
internal sealed class MountTable
{
    private readonly ImmutableDictionary<VPath, MountPoint> _mounts;
    private readonly FrozenDictionary<string, MountPoint>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly FrozenDictionary<string, string[]> _children;
    private readonly (int Length, MountPoint[] Mounts)[] _byLength;

    public static MountTable Empty { get; } = new(ImmutableDictionary<VPath, MountPoint>.Empty, 0);

    private MountTable(ImmutableDictionary<VPath, MountPoint> mounts, long nextOrder)
    {
        _mounts = mounts;
        NextOrder = nextOrder;
        _lookup = mounts.ToFrozenDictionary(m => m.Key.Value, m => m.Value, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        // Candidates grouped by length, longest first: a path is compared only with mount points
        // whose length ends at one of its separators, and there are seldom more than a few.
        _byLength = mounts.Values.GroupBy(m => m.Path.Value.Length).OrderByDescending(g => g.Key)
            .Select(g => (g.Key, g.ToArray())).ToArray();
        var children = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var path in mounts.Keys)
        {
            for (var p = path; !p.IsRoot; p = p.Parent)
            {
                var parent = p.Parent.Value;
                if (!children.TryGetValue(parent, out var set)) children[parent] = set = new SortedSet<string>(StringComparer.Ordinal);
                set.Add(p.Name);
            }
        }
        _children = children.ToFrozenDictionary(c => c.Key, c => c.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The order number the next new union gets.</summary>
    public long NextOrder { get; }

    /// <summary>All mount points, oldest union first.</summary>
    public IEnumerable<MountPoint> All => _mounts.Values.OrderBy(m => m.Order);

    /// <summary>The union mounted exactly at <paramref name="path"/>.</summary>
    public bool TryGetExact(VPath path, out MountPoint mount) => _mounts.TryGetValue(path, out mount!);

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
        new(_mounts.SetItem(mount.Path, mount), Math.Max(NextOrder, mount.Order + 1));

    /// <summary>A table without the union at <paramref name="path"/>.</summary>
    public MountTable Without(VPath path) => new(_mounts.Remove(path), NextOrder);
}
