namespace Namespace.Core.Namespaces;

/// <summary>The flags of a bind or mount: position, create (<c>-c</c>), cache (<c>-C</c>) and <c>-o</c> options.</summary>
/// <param name="Position">Replace, before (<c>-b</c>) or after (<c>-a</c>).</param>
/// <param name="Create">Creates in the union go to this element (<c>-c</c>).</param>
/// <param name="Cache">The element caches the elements after it (<c>-C</c>).</param>
/// <param name="Options">The <c>-o k=v,...</c> options, in the order given.</param>
public sealed record BindOptions(
    BindPosition Position = BindPosition.Replace,
    bool Create = false,
    bool Cache = false,
    IReadOnlyList<KeyValuePair<string, string>>? Options = null)
{
    /// <summary>Plain replace, no flags.</summary>
    public static BindOptions Default { get; } = new();

    /// <summary><c>-b</c>.</summary>
    public static BindOptions Before { get; } = new(BindPosition.Before);

    /// <summary><c>-a</c>.</summary>
    public static BindOptions After { get; } = new(BindPosition.After);
}
