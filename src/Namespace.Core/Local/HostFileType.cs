namespace Namespace.Core.Local;

/// <summary>The type of a host name, as <c>stat</c> tells it.</summary>
internal enum HostFileType
{
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    Other,
}
