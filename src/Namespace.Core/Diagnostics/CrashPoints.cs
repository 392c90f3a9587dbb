using System.Diagnostics;
using System.Globalization;

namespace Namespace.Core.Diagnostics;

/// <summary>
/// Named places in the code where a crash test can have the process killed: with <c>NSH_CRASH_AT=NAME</c> (or
/// <c>NAME#N</c>, the N-th time it is reached) in its environment, the process sends itself SIGKILL there, as a power
/// cut or the OOM killer would stop it, with nothing flushed or disposed. Without the variable a point costs one read of
/// a static field.
/// </summary>
internal static class CrashPoints
{
    /// <summary>The environment variable naming the point (and the hit) to die at.</summary>
    public const string Variable = "NSH_CRASH_AT";

    private static readonly (string Name, int Hit)? Target = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int _hits;

    /// <summary>Kills the process here if this is the point (and the hit) named in <see cref="Variable"/>.</summary>
    public static void Reach(string name)
    {
        if (Target is not { } target || !string.Equals(target.Name, name, StringComparison.Ordinal)) return;
        if (Interlocked.Increment(ref _hits) != target.Hit) return;
        using var self = Process.GetCurrentProcess();
        self.Kill(); // SIGKILL on Unix: no finally block, no flush, no dispose runs.
        Thread.Sleep(Timeout.Infinite);
    }

    internal static (string Name, int Hit)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var hash = value.LastIndexOf('#');
        if (hash < 0) return (value, 1);
        return int.TryParse(value.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var hit) && hit > 0
            ? (value[..hash], hit)
            : null;
    }
}
