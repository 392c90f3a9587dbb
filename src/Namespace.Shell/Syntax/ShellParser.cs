namespace Namespace.Shell.Syntax;

/// <summary>
/// The entry points of nsh's parser: rc syntax in, a <see cref="Script"/> with source positions out.
/// Parsing is pure and thread-safe; every call builds its own lexer and parser state.
/// </summary>
public static class ShellParser
{
    /// <summary>The file name used for interactive input and by <see cref="IsIncomplete"/>.</summary>
    public const string StandardInputName = "stdin";

    /// <summary>Parses a script.</summary>
    /// <param name="text">The source text.</param>
    /// <param name="fileName">The name positions and messages use, such as <c>namespace.rc</c> or <c>stdin</c>.</param>
    /// <param name="options">Parser options; null for <see cref="ShellParserOptions.Default"/>.</param>
    /// <returns>The parsed script.</returns>
    /// <exception cref="ShellSyntaxException">The text is not valid nsh; the message is <c>FILE:LINE:COL: reason</c>.</exception>
    public static Script Parse(string text, string fileName, ShellParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        return new Parser(text, fileName, options ?? ShellParserOptions.Default).ParseScript();
    }

    /// <summary>
    /// Tells a REPL whether <paramref name="text"/> needs a continuation line: true when it ends inside an open
    /// quote, brace or parenthesis, after <c>|</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>if(...)</c>, <c>if not</c>,
    /// <c>for(...)</c>, <c>while(...)</c> or <c>switch word</c>, or with a backslash (line continuation).
    /// False for complete input and for input with a real syntax error (which <see cref="Parse"/> reports).
    /// </summary>
    /// <param name="text">The text typed so far, lines joined with newlines.</param>
    /// <param name="options">Parser options; null for <see cref="ShellParserOptions.Default"/>.</param>
    /// <returns>Whether more input is needed.</returns>
    public static bool IsIncomplete(string text, ShellParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var parser = new Parser(text, StandardInputName, options ?? ShellParserOptions.Default);
            parser.ParseScript();
            return parser.EndsWithContinuation;
        }
        catch (ShellSyntaxException exception)
        {
            return exception.IsIncomplete;
        }
    }
}
