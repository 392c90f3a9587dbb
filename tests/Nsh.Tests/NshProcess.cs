using System.Diagnostics;
using System.Text;

namespace Nsh.Tests;

/// <summary>Runs the built nsh as a real process and captures what it prints.</summary>
public static class NshProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "nsh.dll");

    /// <summary>How nsh is started: the built nsh.dll with ARGS, its standard streams redirected, HOME the working directory.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NSH_NAMESPACE"] = null;
        start.Environment["HOME"] = workingDirectory;
        return start;
    }

    public static async Task<Result> RunAsync(string workingDirectory, string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"nsh {string.Join(' ', args)} did not finish within 60 s");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
