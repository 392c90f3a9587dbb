namespace Namespace.Shell.Syntax;

/// <summary>
/// A variable reference <c>$name</c>, optionally subscripted: <c>$x(2)</c>, <c>$x(1 3)</c>, <c>$x(2-)</c>.
/// <c>$*</c> is the variable <c>*</c>; <c>$1</c> is the first element of <c>$*</c>.
/// </summary>
/// <param name="Name">The word naming the variable: usually a <see cref="LiteralWord"/>; a <see cref="VariableWord"/> for <c>$$x</c>.</param>
/// <param name="Subscript">The subscript words, or null when there is no subscript.</param>
/// <param name="Position">Where the <c>$</c> is.</param>
public sealed record VariableWord(Word Name, IReadOnlyList<Word>? Subscript, SourcePosition Position) : Word(Position);
