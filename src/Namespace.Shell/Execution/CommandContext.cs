using System.Text;
using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;

namespace Namespace.Shell.Execution;

/// <summary>What a running builtin sees: its arguments, streams, the session and cancellation.</summary>
public sealed class CommandContext
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private StreamWriter? _out;
    private StreamWriter? _err;

    internal CommandContext(ShellSession session, string name, IReadOnlyList<string> args, ShellIO io, CancellationToken cancellationToken)
    {
        Session = session;
        Name = name;
        Args = args;
        IO = io;
        CancellationToken = cancellationToken;
    }

    /// <summary>The shell session.</summary>
    public ShellSession Session { get; }

    /// <summary>The namespace the command acts on.</summary>
    public VirtualOS Os => Session.Os;

    /// <summary>The command name as invoked.</summary>
    public string Name { get; }

    /// <summary>The arguments after the name.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>The command's streams.</summary>
    public ShellIO IO { get; }

    /// <summary>Cancelled by Ctrl+C or when the shell stops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Standard output as UTF-8 text (flushed when the command ends; flush before writing <see cref="ShellIO.Output"/> directly).</summary>
    public TextWriter Out => _out ??= new StreamWriter(IO.Output, Utf8, 16 * 1024, leaveOpen: true) { NewLine = "\n" };

    /// <summary>Standard error as UTF-8 text.</summary>
    public TextWriter Err => _err ??= new StreamWriter(IO.Error, Utf8, 1024, leaveOpen: true) { NewLine = "\n", AutoFlush = true };

    /// <summary>Writes <c>nsh: CMD: message</c> to standard error, leaving out any password written into a URL in it.</summary>
    public async ValueTask ErrorAsync(string message) =>
        await Err.WriteLineAsync($"nsh: {Name}: {UrlText.WithoutPasswords(message)}").ConfigureAwait(false);

    /// <summary>Writes a namespace error as <c>nsh: CMD: PATH: reason</c>.</summary>
    public ValueTask ErrorAsync(NamespaceException error) => ErrorAsync(error.Message);

    // Most commands leave nothing buffered; they need no async state machine to say so.
    internal ValueTask FlushAsync() => _out is null && _err is null ? default : FlushWritersAsync();

    private async ValueTask FlushWritersAsync()
    {
        if (_out is not null) await _out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (_err is not null) await _err.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
