namespace Namespace.Core.Providers;

/// <summary>What happened to a path.</summary>
public enum ChangeKind
{
    /// <summary>A file or directory appeared.</summary>
    Created,
    /// <summary>A file's content or metadata changed.</summary>
    Changed,
    /// <summary>A file or directory went away.</summary>
    Deleted,
    /// <summary>A file or directory moved from <see cref="ChangeEvent.OldPath"/> to <see cref="ChangeEvent.Path"/>.</summary>
    Renamed,
    /// <summary>Events were lost (a watcher's buffer filled up); re-read what you care about.</summary>
    Overflow,
}
