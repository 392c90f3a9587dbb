using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Namespace.Shell.Execution;

/// <summary>
/// Builtins by name, each made on first use: start-up then loads only the builtin types a script runs
/// (nsh's <c>-c true</c> makes one). Listing the names makes nothing; reading the values makes them all.
/// Filled before the shell runs, then safe to read from several threads (pipeline stages).
/// </summary>
public sealed class BuiltinTable : IReadOnlyDictionary<string, IBuiltin>
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>An empty table.</summary>
    public BuiltinTable()
    {
    }

    /// <summary>A table of ready-made builtins.</summary>
    /// <param name="builtins">The builtins; their names must differ.</param>
    /// <exception cref="ArgumentException">Two builtins have the same name.</exception>
    public BuiltinTable(IEnumerable<IBuiltin> builtins)
    {
        ArgumentNullException.ThrowIfNull(builtins);
        foreach (var builtin in builtins) _entries.Add(builtin.Name, new Entry(builtin));
    }

    /// <summary>Adds a builtin made on first use.</summary>
    /// <param name="name">The command name; <paramref name="factory"/> must make a builtin of that name.</param>
    /// <param name="factory">Makes the builtin.</param>
    /// <exception cref="ArgumentException">A builtin of that name is already there.</exception>
    public void Add(string name, Func<IBuiltin> factory) => _entries.Add(name, new Entry(factory));

    /// <summary>Adds or replaces a builtin made on first use.</summary>
    /// <param name="name">The command name; <paramref name="factory"/> must make a builtin of that name.</param>
    /// <param name="factory">Makes the builtin.</param>
    public void Set(string name, Func<IBuiltin> factory) => _entries[name] = new Entry(factory);

    /// <inheritdoc/>
    public IBuiltin this[string key] => _entries[key].Instance;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <inheritdoc/>
    public IEnumerable<IBuiltin> Values
    {
        get
        {
            foreach (var entry in _entries.Values) yield return entry.Instance;
        }
    }

    /// <inheritdoc/>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IBuiltin value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Instance;
            return true;
        }
        value = null;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, IBuiltin>> GetEnumerator()
    {
        foreach (var (name, entry) in _entries) yield return new(name, entry.Instance);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Entry
    {
        private readonly Func<IBuiltin>? _factory;
        private IBuiltin? _instance;

        public Entry(IBuiltin instance) => _instance = instance;

        public Entry(Func<IBuiltin> factory) => _factory = factory;

        // Two threads may both make it; one instance wins and both use that one.
        public IBuiltin Instance => Volatile.Read(ref _instance) ?? Make();

        private IBuiltin Make()
        {
            Interlocked.CompareExchange(ref _instance, _factory!(), null);
            return _instance;
        }
    }
}
