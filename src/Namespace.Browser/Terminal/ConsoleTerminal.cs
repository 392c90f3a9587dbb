using System.Runtime.InteropServices;
using Namespace.Browser.Rendering;
using Namespace.Browser.State;
using Spectre.Console;

namespace Namespace.Browser.Terminal;

/// <summary>
/// The process's own terminal: switches to the alternate screen with the cursor hidden and Ctrl+C read
/// as a key, and puts everything back when disposed (on quit, on Ctrl+C, on an error). SIGTERM and SIGHUP
/// still end the process, after the terminal has been put back; a SIGINT from elsewhere ends the browser only.
/// </summary>
internal sealed class ConsoleTerminal : IBrowserTerminal, IDisposable
{
    private const string Enter = "\x1b[?1049h\x1b[?25l\x1b[2J";
    private const string Leave = "\x1b[0m\x1b[?25h\x1b[?1049l";

    private readonly IAnsiConsole _console;
    private readonly FrameWriter _frames = new();
    private readonly bool _treatControlCAsInput;
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly Lock _lock = new();
    private TerminalSize _drawn;
    private bool _restored;

    public ConsoleTerminal(CancellationTokenSource stop)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        _treatControlCAsInput = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            // Like Ctrl+C: end the browser (the loop restores the terminal on its way out), not the shell.
            context.Cancel = true;
            stop.Cancel();
        }));
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            // The process ends as it would have, but not with the terminal left in the alternate screen.
            _signals.Add(PosixSignalRegistration.Create(signal, _ => Restore()));
        }
        Console.Out.Write(Enter);
        Console.Out.Flush();
    }

    public TerminalSize Size => new(Console.WindowWidth, Console.WindowHeight);

    public async ValueTask<BrowserKey?> ReadKeyAsync(CancellationToken cancellationToken)
    {
        var key = await _console.Input.ReadKeyAsync(intercept: true, cancellationToken).ConfigureAwait(false);
        return key is { } info ? BrowserKey.From(info) : null;
    }

    public void Draw(Screen screen)
    {
        var output = _frames.Write(screen);
        lock (_lock)
        {
            // Never draw over the restored screen (a signal may have restored it meanwhile).
            if (_restored) return;
            // After a resize the terminal may have reflowed the old frame: clear it first.
            if (screen.Size != _drawn) output = "\x1b[2J" + output;
            _drawn = screen.Size;
            Console.Out.Write(output);
            Console.Out.Flush();
        }
    }

    public void Dispose()
    {
        foreach (var signal in _signals) signal.Dispose();
        Restore();
    }

    private void Restore()
    {
        lock (_lock)
        {
            if (_restored) return;
            _restored = true;
            Console.Out.Write(Leave);
            Console.Out.Flush();
            Console.TreatControlCAsInput = _treatControlCAsInput;
        }
    }
}
