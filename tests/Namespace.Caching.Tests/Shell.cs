using System.Text;
using Namespace.Shell.Execution;

namespace Namespace.Caching.Tests;

/// <summary>Runs nsh command lines in a test.</summary>
internal static class Shell
{
    /// <summary>Runs <paramref name="command"/>: its status (empty for success), standard output and standard error.</summary>
    public static async Task<(string Status, string Output, string Errors)> RunAsync(ShellSession shell, string command)
    {
        var output = new MemoryStream();
        var errors = new MemoryStream();
        var status = await shell.RunAsync(command, "test", new ShellIO(Stream.Null, output, errors));
        return (status, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(errors.ToArray()));
    }
}
