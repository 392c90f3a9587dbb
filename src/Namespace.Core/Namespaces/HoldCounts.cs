namespace Namespace.Core.Namespaces;

/// <summary>
/// How many holders (namespaces, mount tables) hold each item, kept from what each holder held before and holds now:
/// says which items the change made held for the first time and which it let go of last. Not thread-safe: the caller
/// locks. Items are told apart by reference.
/// </summary>
public sealed class HoldCounts<T>
    where T : class
{
    private readonly Dictionary<T, int> _counts = new(ReferenceEqualityComparer.Instance);

    /// <summary>The items some holder holds.</summary>
    public IEnumerable<T> Held => _counts.Keys;

    /// <summary>
    /// One holder held <paramref name="before"/> and now holds <paramref name="after"/>. <paramref name="first"/> gets
    /// each item no holder held before, first those, then <paramref name="last"/> each item no holder holds any more.
    /// </summary>
    public void Move(IReadOnlySet<T> before, IReadOnlySet<T> after, Action<T>? first, Action<T>? last)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        foreach (var item in after)
        {
            if (before.Contains(item)) continue;
            var count = _counts.GetValueOrDefault(item) + 1;
            _counts[item] = count;
            if (count == 1) first?.Invoke(item);
        }
        foreach (var item in before)
        {
            if (after.Contains(item) || !_counts.TryGetValue(item, out var count)) continue;
            if (count > 1)
            {
                _counts[item] = count - 1;
                continue;
            }
            _counts.Remove(item);
            last?.Invoke(item);
        }
    }
}
