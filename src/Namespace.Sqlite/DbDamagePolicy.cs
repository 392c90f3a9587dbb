namespace Namespace.Sqlite;

/// <summary>What <see cref="DbFileSystem.OpenAsync"/> may do with a database file that turns out to be damaged.</summary>
public enum DbDamagePolicy
{
    /// <summary>Leave the file as it is and fail with an Unavailable error naming it.</summary>
    Fail,

    /// <summary>
    /// Move the file aside (to <c>FILE.corrupt-yyyyMMddHHmmss</c>) and start a fresh one, but only when it can
    /// still be read well enough to show that it holds no dirty data (changes not yet written to an origin).
    /// </summary>
    MoveAsideIfClean,

    /// <summary>
    /// Like <see cref="MoveAsideIfClean"/>, and also move aside a file that cannot be read at all (not a
    /// database any more, header destroyed). A file known or suspected to hold dirty data is still refused.
    /// </summary>
    MoveAsideUnlessDirty,
}
