namespace Namespace.Shell.Syntax;

/// <summary>Options for <see cref="ShellParser"/>.</summary>
public sealed record ShellParserOptions
{
    /// <summary>The default options.</summary>
    public static ShellParserOptions Default { get; } = new();

    /// <summary>
    /// Accept <c>if not</c> as the first command of the input. A REPL sets this when the previous line it ran
    /// ended with an <c>if(...)</c>, because rc lets <c>if not</c> follow an <c>if</c> on an earlier line.
    /// </summary>
    public bool AllowLeadingIfNot { get; init; }

    /// <summary>
    /// The parser's recursion budget (default 200): each nested command uses one unit, each brace block and
    /// each word one more, so a brace level costs two. Deeper input is the syntax error <c>nesting too deep</c>
    /// rather than a stack overflow. Raising it far beyond the default risks the stack of small threads.
    /// </summary>
    public int MaxNestingDepth { get; init; } = 200;
}
