namespace Namespace.Shell.Expansion;

/// <summary>A plain in-memory <see cref="IShellVariables"/>: one flat scope, names compared ordinally.</summary>
public sealed class ShellVariables : IShellVariables
{
    private readonly Dictionary<string, string[]> _values = new(StringComparer.Ordinal);

    /// <summary>The names of the variables that have been set, in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _values.Keys.Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public IReadOnlyList<string> Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _values.TryGetValue(name, out var value) ? value : [];
    }

    /// <inheritdoc />
    public void Set(string name, IReadOnlyList<string> value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _values[name] = [.. value];
    }

    /// <summary>Removes a variable; it then reads as the empty list.</summary>
    /// <param name="name">The variable name.</param>
    /// <returns>True when the variable was set.</returns>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _values.Remove(name);
    }
}
