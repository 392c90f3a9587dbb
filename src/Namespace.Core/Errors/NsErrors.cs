using Namespace.Core.Providers;

namespace Namespace.Core.Errors;

/// <summary>The one place error messages are made, so every provider words them alike.</summary>
public static class NsErrors
{
    /// <summary>Nothing at the path.</summary>
    public static NamespaceException NotFound(object path) => new(NsErrorKind.NotFound, Text(path), "file not found");

    /// <summary>Something already at the path.</summary>
    public static NamespaceException Exists(object path) => new(NsErrorKind.Exists, Text(path), "file exists");

    /// <summary>A file where a directory was needed.</summary>
    public static NamespaceException NotADirectory(object path) => new(NsErrorKind.NotADirectory, Text(path), "not a directory");

    /// <summary>
    /// <paramref name="entry"/>, found where a directory was needed, is not one: for a symbolic link that cannot be
    /// followed, why it cannot (an InvalidPath error, as following it says); else <see cref="NotADirectory(object)"/>.
    /// </summary>
    public static NamespaceException NotADirectory(object path, NsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry is { Kind: EntryKind.SymbolicLink, LinkProblem: { } problem } ? InvalidPath(path, problem) : NotADirectory(path);
    }

    /// <summary>A directory where a file was needed.</summary>
    public static NamespaceException IsADirectory(object path) => new(NsErrorKind.IsADirectory, Text(path), "is a directory");

    /// <summary>A FIFO, socket or device where a file's content was needed (<paramref name="kind"/> says which).</summary>
    public static NamespaceException NotRegularFile(object path, EntryKind kind) =>
        new(NsErrorKind.NotRegularFile, Text(path), $"not a regular file (a {NsEntryText.Kind(kind)})");

    /// <summary>
    /// <paramref name="entry"/>, found where a file's content was needed, is a FIFO, socket or device, or a symbolic link
    /// that cannot be followed (then an InvalidPath error saying why, as following it says).
    /// </summary>
    public static NamespaceException NotRegularFile(object path, NsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry is { Kind: EntryKind.SymbolicLink, LinkProblem: { } problem } ? InvalidPath(path, problem) : NotRegularFile(path, entry.Kind);
    }

    /// <summary>A non-empty directory to remove.</summary>
    public static NamespaceException NotEmpty(object path) => new(NsErrorKind.NotEmpty, Text(path), "directory not empty");

    /// <summary>A change refused by a read-only element.</summary>
    public static NamespaceException ReadOnly(object path) => new(NsErrorKind.ReadOnly, Text(path), "read-only file system");

    /// <summary>A create in a union with no create element.</summary>
    public static NamespaceException NoCreateElement(object path, object unionPath) =>
        new(NsErrorKind.NoCreateElement, Text(path), $"cannot create: union at {Text(unionPath)} has no create element (bind one with -c)");

    /// <summary>A mount point (or an ancestor of one) that cannot be removed or renamed.</summary>
    public static NamespaceException Busy(object path) => new(NsErrorKind.Busy, Text(path), "mount point busy (unmount it first)");

    /// <summary>A precondition on the version failed.</summary>
    public static NamespaceException Conflict(object path, string reason = "changed by someone else") =>
        new(NsErrorKind.Conflict, Text(path), reason);

    /// <summary>A rename between two providers.</summary>
    public static NamespaceException CrossDevice(object path) =>
        new(NsErrorKind.CrossDevice, Text(path), "cross-device rename (copy and remove instead)");

    /// <summary>A malformed path or a path that would escape a root.</summary>
    public static NamespaceException InvalidPath(object path, string reason) =>
        new(NsErrorKind.InvalidPath, Text(path), $"invalid path: {reason}");

    /// <summary>A symbolic link to a directory that a tree walk (<c>cp -r</c>) did not follow; a warning.</summary>
    public static NamespaceException LinkNotFollowed(object path) =>
        new(NsErrorKind.InvalidPath, Text(path), "symbolic link to a directory: not followed");

    /// <summary>
    /// A listing entry whose name no path can have (a <c>/</c>, <c>..</c>, a control character: a database row or an
    /// origin's listing made by another program), left out of the listing of <paramref name="directory"/>; a warning.
    /// </summary>
    public static NamespaceException InvalidListedName(object directory, string name) =>
        new(NsErrorKind.InvalidPath, Text(directory), $"listing entry \"{Visible(name)}\" left out: not a valid file name");

    /// <summary>A symbolic link that cannot be followed, passed over by a tree walk (<c>cp -r</c>); a warning.</summary>
    public static NamespaceException LinkNotCopied(object path) =>
        new(NsErrorKind.InvalidPath, Text(path), "symbolic link that cannot be followed: not copied");

    /// <summary>A provider that cannot be reached or failed.</summary>
    public static NamespaceException Unavailable(object path, string reason, Exception? inner = null) =>
        new(NsErrorKind.Unavailable, Text(path), reason, inner);

    /// <summary>An operation the provider does not offer.</summary>
    public static NamespaceException NotSupported(object path, string operation) =>
        new(NsErrorKind.NotSupported, Text(path), $"{operation} not supported here");

    /// <summary>An option or argument with a value that cannot be used.</summary>
    public static NamespaceException InvalidArgument(object path, string reason) =>
        new(NsErrorKind.InvalidArgument, Text(path), reason);

    private static string Text(object path) => path.ToString() ?? string.Empty;

    // A name as one line of text: control characters and lone surrogates as \uXXXX, and at most 100 characters of it.
    private static string Visible(string name)
    {
        const int longest = 100;
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length && i < longest; i++)
        {
            var c = name[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])
                : char.IsLowSurrogate(c) ? i > 0 && char.IsHighSurrogate(name[i - 1]) : true;
            if (char.IsControl(c) || !paired) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else text.Append(c);
        }
        if (name.Length > longest) text.Append('…');
        return text.ToString();
    }
}
