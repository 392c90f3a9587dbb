using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Propagation;

/// <summary>One line a child printed on stdout, stamped when the driver read it; <c>Text</c> is null at end of output.</summary>
internal readonly record struct Line(string Source, long Timestamp, string? Text);

/// <summary>A real nsh process driven through its stdin (not a terminal, so it runs each command as it arrives).</summary>
internal sealed class Child : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;

    private Child(string name, Process process, ChannelWriter<Line> sink)
    {
        Name = name;
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(async () =>
        {
            var stdout = _process.StandardOutput;
            while (await stdout.ReadLineAsync().ConfigureAwait(false) is { } text)
                sink.TryWrite(new Line(name, Stopwatch.GetTimestamp(), text));
            sink.TryWrite(new Line(name, Stopwatch.GetTimestamp(), null));
        });
    }

    public string Name { get; }

    public int Id => _process.Id;

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Starts <paramref name="nsh"/> (<c>nsh.dll</c> through <c>dotnet exec</c>, or an apphost) as <c>nsh -n none</c>.</summary>
    public static Child Start(string name, string nsh, string workingDirectory, ChannelWriter<Line> sink)
    {
        var start = nsh.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") : new ProcessStartInfo(nsh);
        if (nsh.EndsWith(".dll", StringComparison.Ordinal))
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(nsh);
        }
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add("none");
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.StandardInputEncoding = new UTF8Encoding(false);
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        start.UseShellExecute = false;
        start.Environment.Remove("NSH_NAMESPACE");
        start.Environment["HOME"] = workingDirectory;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {nsh}");
        return new Child(name, process, sink);
    }

    /// <summary>Sends one command line.</summary>
    public void Send(string commands)
    {
        _process.StandardInput.Write(commands + "\n");
        _process.StandardInput.Flush();
    }

    /// <summary>Closes stdin and gives nsh <paramref name="grace"/> to exit; true when it did.</summary>
    public async Task<bool> CloseAsync(TimeSpan grace)
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
            await _reader.ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
