namespace Namespace.Core.Providers;

/// <summary>What an entry is.</summary>
public enum EntryKind
{
    /// <summary>A regular file.</summary>
    File,
    /// <summary>A directory.</summary>
    Directory,
}
