namespace Namespace.Core.Namespaces;

/// <summary>Where a bind or mount puts its element in the union at the mount point.</summary>
public enum BindPosition
{
    /// <summary>Replace whatever is there (no flag).</summary>
    Replace,
    /// <summary>Before the existing elements (<c>-b</c>).</summary>
    Before,
    /// <summary>After the existing elements (<c>-a</c>).</summary>
    After,
}
