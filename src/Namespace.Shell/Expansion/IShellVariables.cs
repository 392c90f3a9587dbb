namespace Namespace.Shell.Expansion;

/// <summary>
/// The variables the expander reads. Every value is a list of strings; an unset variable is the empty list.
/// The arguments are the variable <c>*</c> (so <c>$1</c> is <c>$*(1)</c>), the last status is <c>status</c>,
/// and the command-substitution separators are <c>ifs</c> (space, tab and newline when unset or empty).
/// </summary>
public interface IShellVariables
{
    /// <summary>Gets a variable's value.</summary>
    /// <param name="name">The variable name.</param>
    /// <returns>The value; the empty list when the variable is unset.</returns>
    IReadOnlyList<string> Get(string name);

    /// <summary>Sets a variable's value; the empty list makes it empty (rc's <c>x=()</c>).</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="value">The new value.</param>
    void Set(string name, IReadOnlyList<string> value);
}
