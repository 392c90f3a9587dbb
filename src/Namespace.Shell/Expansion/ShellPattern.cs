namespace Namespace.Shell.Expansion;

/// <summary>
/// An rc pattern: <c>*</c> matches any string (including <c>/</c> and the empty string), <c>?</c> any one
/// character, <c>[abc]</c> and <c>[a-z]</c> one character of a class, <c>[~a-z]</c> one character outside it.
/// Only characters that were unquoted in the source are special, so <c>'*'</c> matches only a star.
/// As in rc, a class missing its <c>]</c> makes the whole pattern match nothing, a range may be written
/// backwards (<c>[z-a]</c>), and <c>-</c> first in a class is literal. Matching is ordinal, per UTF-16 unit.
/// </summary>
public sealed class ShellPattern
{
    private readonly bool[] _unquoted;
    private readonly Element[]? _elements;

    /// <summary>Creates a pattern from text and a per-character flag telling which characters were unquoted.</summary>
    /// <param name="text">The pattern text (quotes already removed).</param>
    /// <param name="unquoted">One flag per character of <paramref name="text"/>; true when the character may be special.</param>
    public ShellPattern(string text, IReadOnlyList<bool> unquoted)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(unquoted);
        if (unquoted.Count != text.Length)
        {
            throw new ArgumentException("one flag per character of the text is required", nameof(unquoted));
        }

        Text = text;
        _unquoted = [.. unquoted];
        _elements = Compile(text, _unquoted);
        HasWildcards = ComputeHasWildcards(text, _unquoted);
    }

    private enum ElementKind
    {
        Literal,
        AnyCharacter,
        AnyString,
        Class,
    }

    /// <summary>The pattern text; also the word a glob with no match leaves in place.</summary>
    public string Text { get; }

    /// <summary>True when the pattern has an unquoted <c>*</c>, <c>?</c> or <c>[</c>, so it is a glob word.</summary>
    public bool HasWildcards { get; }

    /// <summary>Creates a pattern in which every character may be special, as if typed unquoted.</summary>
    /// <param name="text">The pattern text.</param>
    /// <returns>The pattern.</returns>
    public static ShellPattern FromUnquoted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ShellPattern(text, Enumerable.Repeat(true, text.Length).ToArray());
    }

    /// <summary>Creates a pattern that matches exactly <paramref name="text"/>, as if quoted.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The pattern.</returns>
    public static ShellPattern FromLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ShellPattern(text, new bool[text.Length]);
    }

    /// <summary>Matches <paramref name="subject"/> against an unquoted pattern, like rc's <c>~ subject pattern</c>.</summary>
    /// <param name="subject">The string tested.</param>
    /// <param name="pattern">The pattern, every character special.</param>
    /// <returns>Whether the whole subject matches.</returns>
    public static bool Matches(string subject, string pattern) => FromUnquoted(pattern).Matches(subject);

    /// <summary>True when the character at <paramref name="index"/> was unquoted.</summary>
    /// <param name="index">A character index in <see cref="Text"/>.</param>
    /// <returns>Whether the character may be special.</returns>
    public bool IsUnquoted(int index) => _unquoted[index];

    /// <summary>Tests whether the whole of <paramref name="subject"/> matches the pattern.</summary>
    /// <param name="subject">The string tested.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_elements is null)
        {
            return false;
        }

        // Every element but '*' consumes exactly one character, so remembering only the last star is enough.
        int s = 0, p = 0, starElement = -1, starSubject = 0;
        while (s < subject.Length)
        {
            if (p < _elements.Length && _elements[p].Kind == ElementKind.AnyString)
            {
                starElement = p++;
                starSubject = s;
            }
            else if (p < _elements.Length && _elements[p].Accepts(subject[s]))
            {
                p++;
                s++;
            }
            else if (starElement >= 0)
            {
                p = starElement + 1;
                s = ++starSubject;
            }
            else
            {
                return false;
            }
        }

        while (p < _elements.Length && _elements[p].Kind == ElementKind.AnyString)
        {
            p++;
        }

        return p == _elements.Length;
    }

    /// <summary>
    /// Splits the pattern at each <c>/</c> into one pattern per path component (keeping which characters were
    /// unquoted), for a globber that walks a directory tree. <c>/a/*</c> gives <c>""</c>, <c>a</c>, <c>*</c>.
    /// </summary>
    /// <returns>The component patterns, in order.</returns>
    public IReadOnlyList<ShellPattern> SplitPath()
    {
        var parts = new List<ShellPattern>();
        var start = 0;
        for (var i = 0; i <= Text.Length; i++)
        {
            if (i == Text.Length || Text[i] == '/')
            {
                parts.Add(new ShellPattern(Text[start..i], _unquoted[start..i]));
                start = i + 1;
            }
        }

        return parts;
    }

    /// <summary>Returns <see cref="Text"/>.</summary>
    /// <returns>The pattern text.</returns>
    public override string ToString() => Text;

    private static bool ComputeHasWildcards(string text, bool[] unquoted) => HasUnquotedWildcard(text, unquoted);

    /// <summary>
    /// Whether <paramref name="text"/>, all of it unquoted, has a <c>*</c>, <c>?</c> or <c>[</c>. A loop: the
    /// span search would load System.Memory on every command's path at start-up.
    /// </summary>
    internal static bool HasWildcard(string text)
    {
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[') return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="text"/> has an unquoted <c>*</c>, <c>?</c> or <c>[</c> (what <see cref="HasWildcards"/> tells, without compiling a pattern).</summary>
    internal static bool HasUnquotedWildcard(string text, bool[] unquoted)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (unquoted[i] && text[i] is '*' or '?' or '[')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Compiles the pattern; null when a class is never closed (then nothing matches, as in rc).</summary>
    private static Element[]? Compile(string text, bool[] unquoted)
    {
        var elements = new List<Element>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!unquoted[i])
            {
                elements.Add(Element.Literal(c));
                i++;
                continue;
            }

            switch (c)
            {
                case '*':
                    if (elements.Count == 0 || elements[^1].Kind != ElementKind.AnyString)
                    {
                        elements.Add(new Element(ElementKind.AnyString, '\0', [], false));
                    }

                    i++;
                    break;
                case '?':
                    elements.Add(new Element(ElementKind.AnyCharacter, '\0', [], false));
                    i++;
                    break;
                case '[':
                    var element = CompileClass(text, ref i);
                    if (element is null)
                    {
                        return null;
                    }

                    elements.Add(element.Value);
                    break;
                default:
                    elements.Add(Element.Literal(c));
                    i++;
                    break;
            }
        }

        return [.. elements];
    }

    /// <summary>Compiles <c>[...]</c> starting at <paramref name="i"/> the way rc's matcher reads it.</summary>
    private static Element? CompileClass(string text, ref int i)
    {
        i++;
        var negated = i < text.Length && text[i] == '~';
        if (negated)
        {
            i++;
        }

        var ranges = new List<(char Low, char High)>();
        while (true)
        {
            if (i >= text.Length)
            {
                return null;
            }

            if (text[i] == ']')
            {
                i++;
                return new Element(ElementKind.Class, '\0', [.. ranges], negated);
            }

            var low = text[i++];
            var high = low;
            if (i < text.Length && text[i] == '-')
            {
                i++;
                if (i >= text.Length)
                {
                    return null;
                }

                high = text[i++];
            }

            ranges.Add(low <= high ? (low, high) : (high, low));
        }
    }

    private readonly record struct Element(ElementKind Kind, char Character, (char Low, char High)[] Ranges, bool Negated)
    {
        public static Element Literal(char c) => new(ElementKind.Literal, c, [], false);

        public bool Accepts(char c)
        {
            switch (Kind)
            {
                case ElementKind.Literal:
                    return c == Character;
                case ElementKind.AnyCharacter:
                    return true;
                case ElementKind.Class:
                    var hit = false;
                    foreach (var (low, high) in Ranges)
                    {
                        if (low <= c && c <= high)
                        {
                            hit = true;
                            break;
                        }
                    }

                    return hit != Negated;
                default:
                    return false;
            }
        }
    }
}
