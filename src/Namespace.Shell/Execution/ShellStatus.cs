namespace Namespace.Shell.Execution;

/// <summary>rc's exit status: a string, true when empty (or, for a pipeline, when every part is empty).</summary>
public static class ShellStatus
{
    /// <summary>The status of success.</summary>
    public const string Success = "";

    /// <summary>The status for an exit code: empty for 0, else the number.</summary>
    public static string FromCode(int code) => code == 0 ? Success : code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the status means success.</summary>
    public static bool IsSuccess(string status)
    {
        foreach (var part in status.Split('|'))
        {
            if (part.Length != 0 && part != "0") return false;
        }
        return true;
    }

    /// <summary>A process exit code for a status: 0 for success, the last numeric part, else 1.</summary>
    public static int ToExitCode(string status)
    {
        if (IsSuccess(status)) return 0;
        var parts = status.Split('|');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            var part = parts[i];
            if (int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is > 0 and < 256)
                return code;
        }
        return 1;
    }
}
