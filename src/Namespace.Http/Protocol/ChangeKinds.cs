using Namespace.Core.Providers;

namespace Namespace.Http.Protocol;

/// <summary>The wire names of <see cref="ChangeKind"/>.</summary>
internal static class ChangeKinds
{
    public static string ToWire(ChangeKind kind) => kind switch
    {
        ChangeKind.Created => "created",
        ChangeKind.Changed => "changed",
        ChangeKind.Deleted => "deleted",
        ChangeKind.Renamed => "renamed",
        _ => "overflow",
    };

    public static bool TryParse(string? text, out ChangeKind kind)
    {
        kind = text switch
        {
            "created" => ChangeKind.Created,
            "changed" => ChangeKind.Changed,
            "deleted" => ChangeKind.Deleted,
            "renamed" => ChangeKind.Renamed,
            "overflow" => ChangeKind.Overflow,
            _ => (ChangeKind)(-1),
        };
        return (int)kind >= 0;
    }
}
