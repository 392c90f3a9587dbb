using Namespace.Shell.Syntax;

namespace Namespace.Shell.Expansion;

/// <summary>
/// An error while expanding a word, such as rc's <c>null list in concatenation</c>. The message is
/// <c>FILE:LINE:COL: reason</c> with the position of the word at fault.
/// </summary>
public sealed class ShellExpansionException : Exception
{
    /// <summary>The reason rc gives when a concatenation has an empty operand and a non-empty one.</summary>
    public const string NullListInConcatenation = "null list in concatenation";

    /// <summary>The reason rc gives when two concatenated lists have different lengths, neither being 1.</summary>
    public const string MismatchedListLengths = "mismatched list lengths in concatenation";

    /// <summary>The reason rc gives when the name in <c>$$x</c> does not expand to exactly one string.</summary>
    public const string VariableNameNotSingleton = "variable name not singleton!";

    /// <summary>Creates an expansion error.</summary>
    /// <param name="position">The position of the word at fault.</param>
    /// <param name="reason">What went wrong, without the position.</param>
    public ShellExpansionException(SourcePosition position, string reason)
        : base($"{position}: {reason}")
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(reason);
        Position = position;
        Reason = reason;
    }

    /// <summary>The position of the word at fault.</summary>
    public SourcePosition Position { get; }

    /// <summary>What went wrong, without the position.</summary>
    public string Reason { get; }
}
