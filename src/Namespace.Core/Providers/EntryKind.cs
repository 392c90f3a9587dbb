namespace Namespace.Core.Providers;

/// <summary>What an entry is.</summary>
public enum EntryKind
{
    /// <summary>A regular file.</summary>
    File,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A named pipe (FIFO): listed, never read or written (opening one waits for the other end).</summary>
    Fifo,
    /// <summary>A Unix socket: listed, never read or written.</summary>
    Socket,
    /// <summary>A character device: listed, never read or written.</summary>
    CharacterDevice,
    /// <summary>A block device: listed, never read or written.</summary>
    BlockDevice,
    /// <summary>
    /// A symbolic link that cannot be followed (localfs: it leads outside the mount's root, to nothing, or round a loop):
    /// listed, and removed or renamed as the link itself; reading, writing or listing through it is refused.
    /// (A link that can be followed is listed as what it points to.)
    /// </summary>
    SymbolicLink,
}
