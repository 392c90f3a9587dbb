using System.Globalization;
using Namespace.Core.Providers;

namespace Namespace.Shell.Builtins;

/// <summary>How <c>ls</c> shows entries (the fields themselves read as <see cref="NsEntryText"/> words them).</summary>
internal static class EntryFormat
{
    public static string Name(NsEntry entry) => entry.IsDirectory ? entry.Name + "/" : entry.Name;

    public static string Long(NsEntry entry, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{NsEntryText.Mode(entry)} {entry.Size,12} {NsEntryText.Time(entry.ModifiedUtc)} {NsEntryText.State(entry.Cache),-9} {name}");

}
