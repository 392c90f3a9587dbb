namespace Namespace.Shell.Syntax;

/// <summary>
/// A place in a script: the file name as given to the parser, a 1-based line and a 1-based column.
/// Columns count characters (a surrogate pair counts once; a tab counts once).
/// </summary>
/// <param name="File">The file name given to the parser, for example <c>namespace.rc</c> or <c>stdin</c>.</param>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Column">The 1-based column number.</param>
public sealed record SourcePosition(string File, int Line, int Column)
{
    /// <summary>Formats the position as <c>FILE:LINE:COL</c>, the prefix of every diagnostic.</summary>
    /// <returns>The position as <c>FILE:LINE:COL</c>.</returns>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
