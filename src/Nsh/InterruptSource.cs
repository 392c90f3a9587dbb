using System.Runtime.InteropServices;

namespace Namespace.Nsh;

/// <summary>
/// Ctrl+C cancels the running command, not the shell: each press cancels the current token and
/// a fresh one is made for the next command.
/// </summary>
internal sealed class InterruptSource : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _current = new();

    private readonly List<PosixSignalRegistration> _signals = [];
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

    /// <summary>
    /// For scripts, <c>-c</c> and <c>nsh serve</c>: the first SIGINT or SIGTERM cancels what runs (a write under way is
    /// aborted, so its temporary file goes and the file stays as it was; a server stops, aborting its uploads) and
    /// nsh then exits with <see cref="ExitCode"/>; a second one ends the process at once, as the default would.
    /// </summary>
    public void CancelOnSignals()
    {
        if (_signals.Count > 0) return;
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    /// <summary>128 plus the signal's number once a signal cancelled the run (130 for SIGINT, 143 for SIGTERM), else null.</summary>
    public int? ExitCode { get; private set; }

    private void OnSignal(PosixSignalContext context)
    {
        lock (_lock)
        {
            if (ExitCode is not null) return;
            ExitCode = context.Signal == PosixSignal.SIGTERM ? 143 : 130;
            context.Cancel = true;
            _current.Cancel();
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
        foreach (var signal in _signals) signal.Dispose();
        _current.Dispose();
    }
}
