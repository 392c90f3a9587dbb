namespace Namespace.Nsh;

/// <summary>Which startup script nsh runs: <c>-n FILE</c>, <c>$NSH_NAMESPACE</c>, <c>./namespace.rc</c>, <c>~/.nsh/namespace.rc</c>, else the built-in default.</summary>
internal static class StartupScript
{
    /// <summary>The built-in default: an empty memfs at <c>/</c>.</summary>
    public const string Default = "mount -t mem root /\n";

    /// <summary>
    /// The script's host path, or null for the built-in default; <c>none</c> (from -n) gives an
    /// empty string: run nothing.
    /// </summary>
    public static string? Find(string? fromFlag)
    {
        if (fromFlag is not null) return fromFlag == "none" ? string.Empty : fromFlag;
        var fromEnvironment = Environment.GetEnvironmentVariable("NSH_NAMESPACE");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment == "none" ? string.Empty : fromEnvironment;
        if (File.Exists("namespace.rc")) return "namespace.rc";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var user = Path.Combine(home, ".nsh", "namespace.rc");
        return File.Exists(user) ? user : null;
    }
}
