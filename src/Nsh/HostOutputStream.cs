using Microsoft.Win32.SafeHandles;
using Namespace.Shell.Execution;

namespace Namespace.Nsh;

/// <summary>
/// nsh's standard output or error as the host gives it. Writing to a pipe whose reader has gone (<c>nsh -c CMDS | head</c>)
/// throws <see cref="BrokenPipeException"/>, so nsh stops as a Unix program does on SIGPIPE; .NET's console stream
/// would drop the bytes silently and let an endless loop run on.
/// </summary>
internal sealed class HostOutputStream(int fd) : WriteOnlyStream, ITerminalOutput
{
    /// <inheritdoc/>
    public bool IsTerminal { get; } = fd switch
    {
        1 => !Console.IsOutputRedirected,
        2 => !Console.IsErrorRedirected,
        _ => false,
    };

    private const int BrokenPipe = 32; // EPIPE

    private readonly FileStream _inner = new(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>The stream for <paramref name="fd"/>, or the console's own where the descriptor cannot be opened as a file.</summary>
    public static Stream Open(int fd, Func<Stream> console)
    {
        if (OperatingSystem.IsWindows()) return console();
        try
        {
            return new HostOutputStream(fd);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return console();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.HResult == BrokenPipe)
        {
            throw new BrokenPipeException(this);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
