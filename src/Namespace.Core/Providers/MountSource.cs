namespace Namespace.Core.Providers;

/// <summary>The mount type and source a provider was made from (<c>mount -t TYPE SOURCE</c>).</summary>
/// <param name="Type">Mount type: <c>mem</c>, <c>local</c>, <c>db</c>, <c>http</c>, ...</param>
/// <param name="Source">A label for <c>mem</c>, a host directory for <c>local</c>, a file, a URL.</param>
public sealed record MountSource(string Type, string Source)
{
    /// <summary><c>TYPE:SOURCE</c>, as shown in listings.</summary>
    public override string ToString() => $"{Type}:{Source}";
}
