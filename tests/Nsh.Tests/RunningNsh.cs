using System.Collections.Concurrent;
using System.Diagnostics;

namespace Nsh.Tests;

/// <summary>
/// A real nsh process the test can watch line by line and kill (with SIGKILL) at a moment of its choosing; whatever
/// happens, disposing it kills it if it still runs, by its own PID.
/// </summary>
internal sealed class RunningNsh : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Task _reading;
    private readonly Task<string> _errors;
    private TaskCompletionSource _line = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningNsh(Process process)
    {
        _process = process;
        _reading = ReadLinesAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <c>nsh ARGS</c> in <paramref name="workingDirectory"/>, with <paramref name="environment"/> added to its environment.</summary>
    public static RunningNsh Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var nsh = StartTalking(workingDirectory, environment, args);
        nsh._process.StandardInput.Close();
        return nsh;
    }

    /// <summary>Starts nsh reading commands from its standard input, which stays open for <see cref="SendAsync"/>.</summary>
    public static RunningNsh StartTalking(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = NshProcess.StartInfo(workingDirectory, args);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new RunningNsh(Process.Start(start)!);
    }

    /// <summary>Sends a line of commands to its standard input.</summary>
    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public int Id => _process.Id;

    /// <summary>The lines of standard output so far.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>What it said so far, for an assertion's message: its output, and once it ended, how and its stderr.</summary>
    public string Transcript =>
        $"stdout:\n{string.Join('\n', _lines)}\n" + (_process.HasExited ? $"exit {_process.ExitCode}, stderr:\n{(_errors.IsCompleted ? _errors.Result : "")}" : "(running)");

    /// <summary>Waits until a line of output came, or the process ended (false then).</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = Volatile.Read(ref _line).Task;
            if (_lines.Any(wanted)) return true;
            if (_reading.IsCompleted) return false;
            await Task.WhenAny(next, _reading).WaitAsync(cancellationToken);
        }
    }

    /// <summary>Sends SIGKILL, as the OOM killer or a power cut would stop it, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Ended on its own meanwhile.
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the end; returns the exit code (137 when killed by SIGKILL) and what it said on stderr.</summary>
    public async Task<(int ExitCode, string Stderr)> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _reading;
        return (_process.ExitCode, await _errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task ReadLinesAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            _lines.Enqueue(line);
            Interlocked.Exchange(ref _line, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        Volatile.Read(ref _line).TrySetResult();
    }
}
