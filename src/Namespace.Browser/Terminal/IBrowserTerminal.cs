using Namespace.Browser.Rendering;
using Namespace.Browser.State;

namespace Namespace.Browser.Terminal;

/// <summary>What the browser loop needs from a terminal: its size, keys, and a place to draw frames.</summary>
public interface IBrowserTerminal
{
    /// <summary>The current size (read again whenever the loop checks for a resize).</summary>
    TerminalSize Size { get; }

    /// <summary>The next key; null when input has ended.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    ValueTask<BrowserKey?> ReadKeyAsync(CancellationToken cancellationToken);

    /// <summary>Replaces what is on the screen with <paramref name="screen"/>.</summary>
    void Draw(Screen screen);
}
