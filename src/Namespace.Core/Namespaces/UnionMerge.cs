using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

/// <summary>Merges the sorted listings of union elements: each name once, from the first source that has it.</summary>
internal static class UnionMerge
{
    public static IEnumerable<NsEntry> Merge(List<NsEntry[]> sources)
    {
        if (sources.Count == 0) return [];
        if (sources.Count == 1) return sources[0];
        foreach (var source in sources) EnsureSorted(source);
        return MergeSorted(sources);
    }

    private static IEnumerable<NsEntry> MergeSorted(List<NsEntry[]> sources)
    {
        var positions = new int[sources.Count];
        while (true)
        {
            var best = -1;
            for (var i = 0; i < sources.Count; i++)
            {
                if (positions[i] >= sources[i].Length) continue;
                if (best < 0 || string.CompareOrdinal(sources[i][positions[i]].Name, sources[best][positions[best]].Name) < 0) best = i;
            }
            if (best < 0) yield break;
            var winner = sources[best][positions[best]];
            yield return winner;
            for (var i = 0; i < sources.Count; i++)
            {
                if (positions[i] < sources[i].Length && sources[i][positions[i]].Name == winner.Name) positions[i]++;
            }
        }
    }

    // Providers promise sorted listings; a provider that breaks the promise still gets a correct union.
    private static void EnsureSorted(NsEntry[] entries)
    {
        for (var i = 1; i < entries.Length; i++)
        {
            if (string.CompareOrdinal(entries[i - 1].Name, entries[i].Name) > 0)
            {
                Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
                return;
            }
        }
    }
}
