namespace Namespace.Shell.Syntax;

/// <summary>What a file redirection does with its file.</summary>
public enum RedirectionKind
{
    /// <summary><c>&gt; f</c>: create or truncate the file and write to it (default fd 1).</summary>
    Output,

    /// <summary><c>&gt;&gt; f</c>: append to the file, creating it if missing (default fd 1).</summary>
    Append,

    /// <summary><c>&lt; f</c>: read from the file (default fd 0).</summary>
    Input,
}
