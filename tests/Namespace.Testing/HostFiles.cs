using System.Diagnostics;

namespace Namespace.Testing;

/// <summary>What the host's own tools say about a file, and changes made with them: a check independent of the code under test.</summary>
public static class HostFiles
{
    /// <summary>The user and group ids nobody has on Debian-like systems.</summary>
    public const string Nobody = "65534:65534";

    /// <summary>True when the tests may give files away to another user (they run as root).</summary>
    public static bool CanChangeOwner => Run("id", "-u").Trim() == "0";

    /// <summary><c>uid:gid:octal-mode</c> of a file, as <c>stat</c> prints it.</summary>
    public static string OwnerAndMode(string path) => Run("stat", "-c", "%u:%g:%a", path).Trim();

    /// <summary>The number of hard links to a file.</summary>
    public static int Links(string path) => int.Parse(Run("stat", "-c", "%h", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gives a file to <paramref name="owner"/> (<c>uid:gid</c>) with the host's chown.</summary>
    public static void ChangeOwner(string path, string owner) => Run("chown", owner, path);

    /// <summary>Sets a file's permission bits (octal text, <c>600</c>) with the host's chmod.</summary>
    public static void ChangeMode(string path, string mode) => Run("chmod", mode, path);

    /// <summary>Makes a hard link with the host's ln.</summary>
    public static void HardLink(string existing, string link) => Run("ln", existing, link);

    /// <summary>Makes a FIFO with the host's mkfifo.</summary>
    public static void MakeFifo(string path) => Run("mkfifo", path);

    private static string Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)}: {error.Trim()}");
        return output;
    }
}
