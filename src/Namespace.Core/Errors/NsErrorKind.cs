namespace Namespace.Core.Errors;

/// <summary>The one error vocabulary every provider and the namespace itself speak.</summary>
public enum NsErrorKind
{
    /// <summary>Nothing is at the path.</summary>
    NotFound,
    /// <summary>Something is already at the path.</summary>
    Exists,
    /// <summary>A directory was needed and a file was found.</summary>
    NotADirectory,
    /// <summary>A file was needed and a directory was found.</summary>
    IsADirectory,
    /// <summary>A file's content was needed and a FIFO, socket or device was found.</summary>
    NotRegularFile,
    /// <summary>A directory to remove still has entries.</summary>
    NotEmpty,
    /// <summary>The element that holds the path, or would create it, does not allow changes.</summary>
    ReadOnly,
    /// <summary>A union has no element to create new files in.</summary>
    NoCreateElement,
    /// <summary>The path is a mount point or holds one, so it cannot be removed or renamed.</summary>
    Busy,
    /// <summary>Another version got there first (an ETag precondition failed).</summary>
    Conflict,
    /// <summary>A rename would cross from one provider to another.</summary>
    CrossDevice,
    /// <summary>The path or a name in it is malformed, or escapes a provider's root.</summary>
    InvalidPath,
    /// <summary>The provider cannot be reached or failed (network, disk, database).</summary>
    Unavailable,
    /// <summary>The provider does not offer the operation (see its capabilities).</summary>
    NotSupported,
    /// <summary>An option or argument has a value that cannot be used.</summary>
    InvalidArgument,
}
