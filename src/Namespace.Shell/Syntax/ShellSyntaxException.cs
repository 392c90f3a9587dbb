namespace Namespace.Shell.Syntax;

/// <summary>
/// A syntax error in shell input. <see cref="Exception.Message"/> is formatted <c>FILE:LINE:COL: reason</c>,
/// for example <c>namespace.rc:3:14: expected ')' to close 'for('</c>.
/// </summary>
public sealed class ShellSyntaxException : Exception
{
    /// <summary>Creates a syntax error.</summary>
    /// <param name="position">Where the error was found.</param>
    /// <param name="reason">What was wrong, without the position, such as <c>unterminated quote</c>.</param>
    /// <param name="isIncomplete">True when the input ended early and more input could complete it.</param>
    public ShellSyntaxException(SourcePosition position, string reason, bool isIncomplete = false)
        : base($"{position}: {reason}")
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(reason);
        Position = position;
        Reason = reason;
        IsIncomplete = isIncomplete;
    }

    /// <summary>Where the error was found.</summary>
    public SourcePosition Position { get; }

    /// <summary>What was wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>
    /// True when the error is only that the input stopped early (inside a quote, brace or parenthesis, or after
    /// <c>|</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>if(...)</c> and the like); a REPL asks for another line then.
    /// </summary>
    public bool IsIncomplete { get; }
}
