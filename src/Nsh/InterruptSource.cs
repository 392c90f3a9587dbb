namespace Namespace.Nsh;

/// <summary>
/// Ctrl+C cancels the running command, not the shell: each press cancels the current token and
/// a fresh one is made for the next command.
/// </summary>
internal sealed class InterruptSource : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _current = new();

    private bool _registered;

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

    /// <summary>
    /// Interactive shells survive Ctrl+C (the handler is installed then); scripts keep the default,
    /// which ends the process, and skip the cost of installing it at start-up.
    /// </summary>
    public bool KeepShellAlive
    {
        get => _registered;
        set
        {
            if (!value || _registered) return;
            Console.CancelKeyPress += OnCancel;
            _registered = true;
        }
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        lock (_lock) _current.Cancel();
    }

    public void Dispose()
    {
        if (_registered) Console.CancelKeyPress -= OnCancel;
        _current.Dispose();
    }
}
