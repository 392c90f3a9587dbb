using Namespace.Core.Namespaces;
using Namespace.Core.Paths;

namespace Namespace.Browser.Terminal;

/// <summary>The browser on the process's terminal: what <c>nsh browse</c> runs.</summary>
public static class TerminalBrowser
{
    /// <summary>Why the browser cannot run here (stdin or stdout is not a terminal), or null when it can.</summary>
    public static string? WhyNot() =>
        Console.IsInputRedirected || Console.IsOutputRedirected
            ? "not a terminal (stdin and stdout must both be a terminal)"
            : null;

    /// <summary>
    /// Runs the browser full screen until the user quits or <paramref name="cancellationToken"/> is cancelled,
    /// then restores the terminal as it was.
    /// </summary>
    /// <param name="os">The namespace browsed.</param>
    /// <param name="directory">The directory opened first.</param>
    /// <param name="select">A name in <paramref name="directory"/> to put the cursor on, or null.</param>
    /// <param name="cancellationToken">Ends the browser.</param>
    /// <exception cref="InvalidOperationException">When <see cref="WhyNot"/> says it cannot run.</exception>
    public static async Task RunAsync(VirtualOS os, VPath directory, string? select, CancellationToken cancellationToken)
    {
        if (WhyNot() is { } reason) throw new InvalidOperationException(reason);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminal = new ConsoleTerminal(stop);
        await BrowserLoop.RunAsync(os, directory, select, terminal, stop.Token).ConfigureAwait(false);
    }
}
