using Namespace.Core.Errors;
using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// How an <see cref="IConditionalChange"/> that checks the version itself (rather than asking its store to) tells
/// whether a file is still the version a caller expects: one place, so every provider decides alike and refuses with
/// the same error kind and words.
/// </summary>
public static class ConditionalChecks
{
    /// <summary>
    /// True when <paramref name="entry"/> is the version <paramref name="expected"/> names: the same ETag when the
    /// validator has one, else the same modification time.
    /// </summary>
    /// <exception cref="ArgumentException">The validator names no version (neither an ETag nor a time).</exception>
    public static bool Matches(NsEntry entry, CacheValidator expected)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Require(expected);
        return expected.ETag is not null ? entry.ETag == expected.ETag : entry.ModifiedUtc == expected.ModifiedUtc;
    }

    /// <summary>Throws when <paramref name="expected"/> names no version (neither an ETag nor a time).</summary>
    /// <exception cref="ArgumentException">It names none.</exception>
    public static void Require(CacheValidator expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.ETag is null && expected.ModifiedUtc is null)
            throw new ArgumentException("a validator names a version by its ETag or its modification time", nameof(expected));
    }

    /// <summary>
    /// Before a write of <paramref name="path"/> that may commit only while the file is <paramref name="expected"/>
    /// (null: while nothing is there), given what is there now (<paramref name="current"/>, null for nothing).
    /// </summary>
    /// <exception cref="NamespaceException">IsADirectory; Conflict when something else is there, or nothing where a version was expected.</exception>
    public static void ForWrite(VPath path, NsEntry? current, CacheValidator? expected)
    {
        if (current is { IsDirectory: true }) throw NsErrors.IsADirectory(path);
        if (expected is null)
        {
            if (current is not null) throw CreatedMeanwhile(path);
            return;
        }
        if (current is null) throw NsErrors.Conflict(path, "removed by someone else");
        if (!Matches(current, expected)) throw NsErrors.Conflict(path);
    }

    // A file where a write expected nothing: also what a store's own create-only commit is refused with.
    internal static NamespaceException CreatedMeanwhile(VPath path) => NsErrors.Conflict(path, "created by someone else");

    /// <summary>Before a remove of <paramref name="path"/> that may happen only while the file is <paramref name="expected"/>, given what is there now.</summary>
    /// <exception cref="NamespaceException">NotFound; IsADirectory; Conflict when it is another version.</exception>
    public static void ForDelete(VPath path, NsEntry? current, CacheValidator expected)
    {
        if (current is null) throw NsErrors.NotFound(path);
        if (current.IsDirectory) throw NsErrors.IsADirectory(path);
        if (!Matches(current, expected)) throw NsErrors.Conflict(path);
    }
}
