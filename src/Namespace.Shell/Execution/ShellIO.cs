namespace Namespace.Shell.Execution;

/// <summary>The streams a command reads and writes: file descriptors 0, 1 and 2 (and any others a redirection opened).</summary>
public sealed class ShellIO
{
    private readonly Dictionary<int, Stream> _fds;

    /// <summary>Makes the standard three.</summary>
    public ShellIO(Stream input, Stream output, Stream error)
    {
        _fds = new Dictionary<int, Stream> { [0] = input, [1] = output, [2] = error };
    }

    private ShellIO(Dictionary<int, Stream> fds) => _fds = fds;

    /// <summary>Standard input.</summary>
    public Stream Input => this[0];

    /// <summary>Standard output.</summary>
    public Stream Output => this[1];

    /// <summary>Standard error.</summary>
    public Stream Error => this[2];

    /// <summary>The stream at a descriptor; an unopened one reads nothing and swallows writes.</summary>
    public Stream this[int fd] => _fds.TryGetValue(fd, out var s) ? s : Stream.Null;

    /// <summary>Writes one line (UTF-8) to standard error and flushes it; a closed pipe is ignored.</summary>
    public async ValueTask WriteErrorLineAsync(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        try
        {
            await Error.WriteAsync(bytes).ConfigureAwait(false);
            await Error.FlushAsync().ConfigureAwait(false);
        }
        catch (BrokenPipeException)
        {
            // Nobody is listening.
        }
    }

    /// <summary>A copy with one descriptor replaced.</summary>
    public ShellIO With(int fd, Stream stream)
    {
        var copy = new Dictionary<int, Stream>(_fds) { [fd] = stream };
        return new ShellIO(copy);
    }
}
