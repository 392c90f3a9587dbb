using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>One change: what happened and to which path (provider paths from providers, namespace paths from <see cref="Namespaces.VirtualOS.Watch(string, int, CancellationToken)"/>).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Path">The path it happened to; for <see cref="ChangeKind.Overflow"/>, the watched path.</param>
/// <param name="OldPath">The former path of a rename, else null.</param>
public sealed record ChangeEvent(ChangeKind Kind, VPath Path, VPath? OldPath = null)
{
    /// <summary>True when this change is at or below <paramref name="watched"/>: its path is, or, for a rename, its old path is.</summary>
    public bool Concerns(VPath watched) => Path.IsUnder(watched) || OldPath is { } old && old.IsUnder(watched);
}
