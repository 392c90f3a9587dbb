using System.Text;

namespace Namespace.Core.Paths;

/// <summary>
/// An absolute, normalised namespace path: <c>/</c>-separated, case-sensitive, with repeated
/// separators collapsed, <c>.</c> dropped and <c>..</c> resolved lexically without ever climbing
/// above <c>/</c>. Normalised once, when it is made; every value of this type is valid.
/// </summary>
public readonly struct VPath : IEquatable<VPath>, IComparable<VPath>
{
    /// <summary>The longest name allowed for one path element, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The longest path allowed, in UTF-8 bytes.</summary>
    public const int MaxPathBytes = 4096;

    private readonly string? _value;

    private VPath(string value) => _value = value;

    /// <summary>The root path, <c>/</c>.</summary>
    public static VPath Root => new("/");

    /// <summary>The normalised text of the path; <c>/</c> for the root (and for <c>default</c>).</summary>
    public string Value => _value ?? "/";

    /// <summary>True for <c>/</c>.</summary>
    public bool IsRoot => Value.Length == 1;

    /// <summary>The last element of the path; empty for the root.</summary>
    public string Name => IsRoot ? string.Empty : Value[(Value.LastIndexOf('/') + 1)..];

    /// <summary>The last element of the path without allocating; empty for the root.</summary>
    internal ReadOnlySpan<char> NameSpan => IsRoot ? [] : Value.AsSpan(Value.LastIndexOf('/') + 1);

    /// <summary>The parent path; the root is its own parent.</summary>
    public VPath Parent
    {
        get
        {
            var v = Value;
            var slash = v.LastIndexOf('/');
            return slash <= 0 ? Root : new VPath(v[..slash]);
        }
    }

    /// <summary>The path's elements, in order; none for the root.</summary>
    public IEnumerable<string> Segments => IsRoot ? [] : Value[1..].Split('/');

    /// <summary>Number of elements in the path (0 for the root).</summary>
    public int Depth
    {
        get
        {
            if (IsRoot) return 0;
            var n = 0;
            foreach (var c in Value) if (c == '/') n++;
            return n;
        }
    }

    /// <summary>Parses and normalises an absolute path.</summary>
    /// <exception cref="Errors.NamespaceException">The text is not a valid absolute path (kind <see cref="Errors.NsErrorKind.InvalidPath"/>).</exception>
    public static VPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw Errors.NsErrors.InvalidPath(text, error!);

    /// <summary>Parses and normalises an absolute path, reporting why it is invalid instead of throwing.</summary>
    public static bool TryParse(string? text, out VPath path, out string? error) =>
        TryResolve(Root, text, requireAbsolute: true, out path, out error);

    /// <summary>
    /// Resolves <paramref name="text"/> against <paramref name="current"/>: an absolute text stands
    /// alone, a relative one is taken below <paramref name="current"/>.
    /// </summary>
    /// <exception cref="Errors.NamespaceException">The text is not a valid path (kind <see cref="Errors.NsErrorKind.InvalidPath"/>).</exception>
    public static VPath Resolve(VPath current, string text) =>
        TryResolve(current, text, requireAbsolute: false, out var path, out var error)
            ? path
            : throw Errors.NsErrors.InvalidPath(text, error!);

    /// <summary>Like <see cref="Resolve"/>, reporting why the text is invalid instead of throwing.</summary>
    public static bool TryResolve(VPath current, string? text, out VPath path, out string? error) =>
        TryResolve(current, text, requireAbsolute: false, out path, out error);

    private static bool TryResolve(VPath current, string? text, bool requireAbsolute, out VPath path, out string? error)
    {
        path = Root;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty path";
            return false;
        }
        var absolute = text[0] == '/';
        if (requireAbsolute && !absolute)
        {
            error = "path is not absolute";
            return false;
        }
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                error = "control character in path";
                return false;
            }
        }
        if (HasLoneSurrogate(text))
        {
            error = "invalid Unicode in path";
            return false;
        }
        if (!absolute && IsNormalRelative(text) && Encoding.UTF8.GetByteCount(text) <= MaxNameBytes)
        {
            // Fast path: a single plain name below the current directory.
            var joined = current.IsRoot ? "/" + text : current.Value + "/" + text;
            return Check(joined, out path, out error);
        }
        if (absolute && IsNormalAbsolute(text))
        {
            return Check(text, out path, out error);
        }

        var stack = new List<string>();
        if (!absolute) stack.AddRange(current.Segments);
        foreach (var part in text.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
                continue;
            }
            if (Encoding.UTF8.GetByteCount(part) > MaxNameBytes)
            {
                error = $"name longer than {MaxNameBytes} bytes";
                return false;
            }
            stack.Add(part);
        }
        return Check(stack.Count == 0 ? "/" : "/" + string.Join('/', stack), out path, out error);
    }

    private static bool Check(string normalised, out VPath path, out string? error)
    {
        if (Encoding.UTF8.GetByteCount(normalised) > MaxPathBytes)
        {
            path = Root;
            error = $"path longer than {MaxPathBytes} bytes";
            return false;
        }
        path = new VPath(normalised);
        error = null;
        return true;
    }

    // True when the text is "/" or "/a/b" with no empty, "." or ".." elements and short names.
    private static bool IsNormalAbsolute(string text)
    {
        if (text == "/") return true;
        if (text[^1] == '/') return false;
        var start = 1;
        while (start <= text.Length)
        {
            var end = text.IndexOf('/', start);
            if (end < 0) end = text.Length;
            var part = text.AsSpan(start, end - start);
            if (part.Length == 0 || part is "." or ".." || part.Length * 3 > MaxNameBytes && Encoding.UTF8.GetByteCount(part) > MaxNameBytes)
                return false;
            start = end + 1;
        }
        return true;
    }

    private static bool IsNormalRelative(string text) =>
        text.IndexOf('/') < 0 && text is not ("." or "..");

    /// <summary>True when a single path element is acceptable as a name (what providers check for host names).</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/')) return false;
        foreach (var c in name) if (char.IsControl(c)) return false;
        if (HasLoneSurrogate(name)) return false;
        return Encoding.UTF8.GetByteCount(name) <= MaxNameBytes;
    }

    // A lone surrogate has no UTF-8 form: host names, SQLite and URLs could not keep two such names apart.
    private static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
            i++;
        }
        return false;
    }

    /// <summary>The path of the child <paramref name="name"/> below this one.</summary>
    /// <exception cref="Errors.NamespaceException"><paramref name="name"/> is not a single valid name.</exception>
    public VPath Child(string name)
    {
        if (!IsValidName(name)) throw Errors.NsErrors.InvalidPath(name, "not a valid file name");
        var joined = IsRoot ? "/" + name : Value + "/" + name;
        return Check(joined, out var path, out var error) ? path : throw Errors.NsErrors.InvalidPath(joined, error!);
    }

    /// <summary>Appends an already-normalised relative part (as given by <see cref="RelativeTo"/>).</summary>
    public VPath Join(VPath relative) =>
        relative.IsRoot ? this : IsRoot ? relative : new VPath(Value + relative.Value);

    /// <summary>True when this path is <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsUnder(VPath ancestor)
    {
        var a = ancestor.Value;
        var v = Value;
        if (a.Length == 1) return true;
        return v.StartsWith(a, StringComparison.Ordinal) && (v.Length == a.Length || v[a.Length] == '/');
    }

    /// <summary>
    /// The part of this path below <paramref name="ancestor"/>, as an absolute path
    /// (<c>/a/b/c</c> relative to <c>/a</c> is <c>/b/c</c>; a path relative to itself is <c>/</c>).
    /// </summary>
    /// <exception cref="ArgumentException">This path is not under <paramref name="ancestor"/>.</exception>
    public VPath RelativeTo(VPath ancestor)
    {
        if (!IsUnder(ancestor)) throw new ArgumentException($"{Value} is not under {ancestor.Value}", nameof(ancestor));
        if (ancestor.IsRoot) return this;
        return Value.Length == ancestor.Value.Length ? Root : new VPath(Value[ancestor.Value.Length..]);
    }

    /// <summary><see cref="RelativeTo"/> for a caller that already knows this path is under <paramref name="ancestor"/>.</summary>
    internal VPath RelativeToKnownAncestor(VPath ancestor) =>
        ancestor.IsRoot ? this : Value.Length == ancestor.Value.Length ? Root : new VPath(Value[ancestor.Value.Length..]);

    /// <inheritdoc/>
    public bool Equals(VPath other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is VPath other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Ordinal comparison of the path texts.</summary>
    public int CompareTo(VPath other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>The normalised text.</summary>
    public override string ToString() => Value;

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(VPath left, VPath right) => left.Equals(right);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(VPath left, VPath right) => !left.Equals(right);
}
