namespace Namespace.Core.Errors;

/// <summary>
/// A failure a user can cause or meet: a kind from the error vocabulary, the namespace path it
/// concerns and a reason. <see cref="Exception.Message"/> reads <c>PATH: reason</c>, so the shell
/// only prefixes <c>nsh: CMD: </c>.
/// </summary>
public sealed class NamespaceException : IOException
{
    /// <summary>Makes an error; prefer the factories in <see cref="NsErrors"/>.</summary>
    public NamespaceException(NsErrorKind kind, string path, string reason, Exception? inner = null)
        : base(path.Length == 0 ? reason : $"{path}: {reason}", inner)
    {
        Kind = kind;
        Path = path;
        Reason = reason;
    }

    /// <summary>What went wrong, from the shared vocabulary.</summary>
    public NsErrorKind Kind { get; }

    /// <summary>The path the error is about, as the user named it or as the namespace normalised it.</summary>
    public string Path { get; }

    /// <summary>The reason without the path, e.g. <c>file not found</c>.</summary>
    public string Reason { get; }

    /// <summary>
    /// For an <see cref="NsErrorKind.Unavailable"/> error, how long the provider was asked to wait before trying again
    /// (HTTP's <c>Retry-After</c>); null when it was not told.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The same error about another path (used when mapping provider paths to namespace paths).</summary>
    public NamespaceException WithPath(string path) =>
        path == Path ? this : new NamespaceException(Kind, path, Reason, InnerException) { RetryAfter = RetryAfter };
}
