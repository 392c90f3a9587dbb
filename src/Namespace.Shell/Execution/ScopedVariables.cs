using Namespace.Shell.Expansion;

namespace Namespace.Shell.Execution;

/// <summary>
/// Shell variables: one global table and a stack of local frames (a function's <c>$*</c>, the
/// assignments of <c>x=1 cmd</c>). Reads look from the innermost frame out; a write goes to the
/// innermost frame that has the name, else to the globals.
/// </summary>
public sealed class ScopedVariables : IShellVariables
{
    private readonly Dictionary<string, IReadOnlyList<string>> _globals;
    private readonly List<Dictionary<string, IReadOnlyList<string>>> _frames = [];

    /// <summary>An empty set of variables.</summary>
    public ScopedVariables() => _globals = new(StringComparer.Ordinal);

    private ScopedVariables(Dictionary<string, IReadOnlyList<string>> globals) => _globals = globals;

    /// <inheritdoc/>
    public IReadOnlyList<string> Get(string name)
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            if (_frames[i].TryGetValue(name, out var local)) return local;
        }
        return _globals.TryGetValue(name, out var value) ? value : [];
    }

    /// <inheritdoc/>
    public void Set(string name, IReadOnlyList<string> value)
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            if (_frames[i].ContainsKey(name))
            {
                _frames[i][name] = value;
                return;
            }
        }
        if (value.Count == 0) _globals.Remove(name);
        else _globals[name] = value;
    }

    /// <summary>Starts a local frame holding <paramref name="locals"/>; dispose the result to end it.</summary>
    public IDisposable Push(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> locals)
    {
        var frame = new Dictionary<string, IReadOnlyList<string>>(locals, StringComparer.Ordinal);
        _frames.Add(frame);
        return new Popper(this, frame);
    }

    /// <summary>A copy for a subshell: the current values, flattened into globals.</summary>
    public ScopedVariables Snapshot()
    {
        var globals = new Dictionary<string, IReadOnlyList<string>>(_globals, StringComparer.Ordinal);
        foreach (var frame in _frames)
        {
            foreach (var (k, v) in frame) globals[k] = v;
        }
        return new ScopedVariables(globals);
    }

    private sealed class Popper(ScopedVariables owner, Dictionary<string, IReadOnlyList<string>> frame) : IDisposable
    {
        public void Dispose() => owner._frames.Remove(frame);
    }
}
