namespace Namespace.Nsh;

/// <summary>
/// Ctrl+C cancels the running command, not the shell: each press cancels the current token and
/// a fresh one is made for the next command.
/// </summary>
internal sealed class InterruptSource : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _current = new();

    public InterruptSource() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token
    {
        get
        {
            lock (_lock) return _current.Token;
        }
    }

    /// <summary>After an interrupt: a new token for the next command.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            if (!_current.IsCancellationRequested) return;
            _current.Dispose();
            _current = new CancellationTokenSource();
        }
    }

    /// <summary>Interactive shells survive Ctrl+C; scripts stop.</summary>
    public bool KeepShellAlive { get; set; }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = KeepShellAlive;
        lock (_lock) _current.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _current.Dispose();
    }
}
