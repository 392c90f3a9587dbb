namespace Namespace.Shell.Syntax;

/// <summary>
/// A literal piece of text: a bare word (<c>ls</c>, <c>*.c</c>) or a quoted one (<c>'a b'</c>, with <c>''</c>
/// already turned into one quote). Only characters of an unquoted literal can act as glob characters.
/// </summary>
/// <param name="Text">The text, without the surrounding quotes.</param>
/// <param name="Quoted">True when the text came from a <c>'quoted'</c> word.</param>
/// <param name="Position">Where the word starts (the opening quote for a quoted word).</param>
public sealed record LiteralWord(string Text, bool Quoted, SourcePosition Position) : Word(Position)
{
    /// <summary>True when the literal is unquoted and contains <c>*</c>, <c>?</c> or <c>[</c>: a glob word.</summary>
    public bool IsGlob => !Quoted && Text.AsSpan().IndexOfAny("*?[") >= 0;
}
