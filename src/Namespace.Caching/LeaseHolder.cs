using System.Diagnostics;
using System.Globalization;

namespace Namespace.Caching;

/// <summary>
/// Who holds a journal's lease: the host, the process (its id and start time, so a reused id is told apart) and the
/// uploader. A lease whose holder ran on this host in a process that is no longer there is free at once, without waiting
/// for it to run out: an nsh killed with SIGKILL and started again drains its journal at once.
/// </summary>
internal static class LeaseHolder
{
    private static readonly string Host = Environment.MachineName;
    private static readonly long StartTicks = StartOf(Environment.ProcessId) ?? 0;

    /// <summary>A new holder name for an uploader of this process.</summary>
    public static string Own() =>
        string.Create(CultureInfo.InvariantCulture, $"{Host}/{Environment.ProcessId}/{StartTicks}/{Guid.NewGuid():N}");

    /// <summary>True when <paramref name="holder"/> names a process of this host that has ended; false when it may be alive, or cannot be told.</summary>
    public static bool IsGone(string holder)
    {
        var parts = holder.Split('/');
        if (parts.Length != 4 || parts[0] != Host) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId) return false;
        if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started)) return false;
        if (!ProcessExists(pid)) return true;
        // Another process has the id now (ids are reused): the holder's ended. Start times are read to the tick on Linux
        // but through the boot time, so a second's slack.
        return StartOf(pid) is { } now && Math.Abs(now - started) > TimeSpan.TicksPerSecond;
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static long? StartOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
