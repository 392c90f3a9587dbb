using System.Threading.Channels;
using Namespace.Browser.Rendering;
using Namespace.Browser.State;
using Namespace.Browser.Terminal;

namespace Namespace.Browser.Tests.Support;

/// <summary>A terminal for the real event loop: keys are queued by the test, frames are kept, and waits end when a frame shows what is expected.</summary>
public sealed class FakeTerminal(TerminalSize size) : IBrowserTerminal
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Channel<BrowserKey?> _keys = Channel.CreateUnbounded<BrowserKey?>();
    private readonly Lock _lock = new();
    private Screen? _last;
    private TaskCompletionSource _drawn = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TerminalSize Size { get; set; } = size;

    public async ValueTask<BrowserKey?> ReadKeyAsync(CancellationToken cancellationToken) => await _keys.Reader.ReadAsync(cancellationToken);

    public void Draw(Screen screen)
    {
        TaskCompletionSource drawn;
        lock (_lock)
        {
            _last = screen;
            drawn = _drawn;
            _drawn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        drawn.SetResult();
    }

    public void Press(string keys)
    {
        foreach (var key in KeySequence.Parse(keys)) _keys.Writer.TryWrite(key);
    }

    /// <summary>Ends input, as a closed terminal does.</summary>
    public void EndInput() => _keys.Writer.TryWrite(null);

    /// <summary>Waits for a frame whose text satisfies <paramref name="condition"/>; fails with the last frame otherwise.</summary>
    public async Task<string> WaitForAsync(string what, Func<string, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            Task next;
            string? text;
            lock (_lock)
            {
                text = _last?.ToText();
                next = _drawn.Task;
            }
            if (text is not null && condition(text)) return text;
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new AssertFailedException($"timed out waiting for {what}; the last frame:\n{text}");
            }
        }
    }
}
