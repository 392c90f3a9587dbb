using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// The preconditions a provider checks before it asks its store anything: what no store can do with
/// the root, and a rename onto or into itself. One place, so every provider refuses these with the
/// same error kind and the same words.
/// </summary>
public static class ProviderChecks
{
    /// <summary>Before opening <paramref name="path"/> for reading, for a store that cannot tell its root is a directory.</summary>
    /// <exception cref="NamespaceException">IsADirectory for the root.</exception>
    public static void ForRead(VPath path)
    {
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
    }

    /// <summary>Before opening <paramref name="path"/> for writing.</summary>
    /// <exception cref="NamespaceException">IsADirectory for the root.</exception>
    public static void ForWrite(VPath path)
    {
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
    }

    /// <summary>Before making a directory at <paramref name="path"/>.</summary>
    /// <exception cref="NamespaceException">Exists for the root.</exception>
    public static void ForCreateDirectory(VPath path)
    {
        if (path.IsRoot) throw NsErrors.Exists(path);
    }

    /// <summary>Before removing <paramref name="path"/>.</summary>
    /// <exception cref="NamespaceException">InvalidPath (<c>cannot remove the root</c>) for the root.</exception>
    public static void ForDelete(VPath path)
    {
        if (path.IsRoot) throw NsErrors.InvalidPath(path, "cannot remove the root");
    }

    /// <summary>Before renaming <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <returns>False when there is nothing to do (a rename onto itself, which succeeds without looking), else true.</returns>
    /// <exception cref="NamespaceException">
    /// InvalidPath: <c>cannot rename the root</c> (about <paramref name="from"/> when it is the root, else about
    /// <paramref name="to"/>), or <c>cannot move FROM into itself</c> (about <paramref name="to"/>) when
    /// <paramref name="to"/> is below <paramref name="from"/>.
    /// </exception>
    public static bool ForMove(VPath from, VPath to)
    {
        if (from.IsRoot || to.IsRoot) throw NsErrors.InvalidPath(from.IsRoot ? from : to, "cannot rename the root");
        if (from == to) return false;
        if (to.IsUnder(from)) throw NsErrors.InvalidPath(to, $"cannot move {from} into itself");
        return true;
    }
}
