using System.Runtime.InteropServices;

namespace Namespace.Core.Local;

/// <summary>
/// What the host says of one name without following a link (Linux <c>statx</c>): its type, permission bits, owner and
/// number of hard links, size and modification time. .NET gives the mode but neither the owner nor whether a name is a
/// FIFO, and localfs needs both: to keep a file's owner when it replaces it, and to refuse to open what would block; and
/// of a link it gives what the link points to, where localfs shows a link it will not follow as the link itself.
/// </summary>
internal readonly record struct HostFileStatus(HostFileType Type, UnixFileMode Mode, uint UserId, uint GroupId, uint Links, long Size, DateTimeOffset ModifiedUtc)
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint Wanted = 0x25f; // STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_UID | STATX_GID | STATX_MTIME | STATX_SIZE

    /// <summary>The status of <paramref name="path"/>, or null when the host cannot tell (not Linux, no such name, no permission).</summary>
    public static HostFileStatus? Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (Native.statx(AtCurrentDirectory, path, AtSymlinkNoFollow, Wanted, out var buffer) != 0) return null;
            var modified = DateTimeOffset.FromUnixTimeSeconds(buffer.Modified.Seconds).AddTicks(buffer.Modified.Nanoseconds / 100);
            return new HostFileStatus(TypeOf(buffer.Mode), (UnixFileMode)(buffer.Mode & 0xfff), buffer.UserId, buffer.GroupId, buffer.Links,
                (long)buffer.Size, modified);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Gives <paramref name="path"/> the owner and group of <paramref name="status"/> (Linux <c>lchown</c>); false when the host
    /// refuses (only root may give a file away) or cannot.
    /// </summary>
    public static bool TrySetOwner(string path, HostFileStatus status)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Native.lchown(path, status.UserId, status.GroupId) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    private static HostFileType TypeOf(ushort mode) => (mode & 0xf000) switch
    {
        0x8000 => HostFileType.Regular,
        0x4000 => HostFileType.Directory,
        0xa000 => HostFileType.SymbolicLink,
        0x1000 => HostFileType.Fifo,
        0xc000 => HostFileType.Socket,
        0x2000 => HostFileType.CharacterDevice,
        0x6000 => HostFileType.BlockDevice,
        _ => HostFileType.Other,
    };

    // struct statx (linux/stat.h): the same layout on every architecture, 256 bytes.
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint UserId;
        public uint GroupId;
        public ushort Mode;
        public ushort Spare;
        public ulong Inode;
        public ulong Size;
        public ulong Blocks;
        public ulong AttributesMask;
        public StatxTimestamp Accessed;
        public StatxTimestamp Born;
        public StatxTimestamp StatusChanged;
        public StatxTimestamp Modified;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        public int Reserved;
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer buffer);

        [DllImport("libc", SetLastError = true)]
        public static extern int lchown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
    }
}
