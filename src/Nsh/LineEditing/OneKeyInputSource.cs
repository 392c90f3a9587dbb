using RadLine;

namespace Namespace.Nsh.LineEditing;

/// <summary>
/// The console's keys, handed to RadLine one at a time. RadLine's editor drains every key already
/// typed into a queue of its own after the first; since the REPL uses one editor per line, keys
/// typed ahead (a pasted block, a fast typist, tmux's send-keys) would be lost with the editor that
/// read the first line. So right after a key is read this source says no other is waiting, once,
/// and the rest stay in the console's buffer for the next read.
/// </summary>
internal sealed class OneKeyInputSource : IInputSource
{
    private bool _justRead;

    /// <inheritdoc />
    public bool ByPassProcessing => true;

    /// <inheritdoc />
    public bool IsKeyAvailable()
    {
        if (_justRead)
        {
            _justRead = false;
            return false;
        }
        return Console.KeyAvailable;
    }

    /// <inheritdoc />
    public ConsoleKeyInfo ReadKey()
    {
        _justRead = true;
        return Console.ReadKey(intercept: true);
    }
}
