using Namespace.Core.Errors;

namespace Namespace.Shell.Execution;

/// <summary>
/// The warnings one command met (such as a stale copy served because an origin was down), written to its standard
/// error when it ends as <c>nsh: CMD: warning: PATH: reason</c>: each distinct one once, at most a few.
/// </summary>
internal sealed class CommandWarnings
{
    private const int Shown = 5;
    private readonly Lock _lock = new();
    private readonly List<string> _messages = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>True once a warning was added.</summary>
    public bool Any
    {
        get
        {
            lock (_lock) return _messages.Count > 0;
        }
    }

    public void Add(NamespaceException warning)
    {
        lock (_lock)
        {
            if (_seen.Add(warning.Message)) _messages.Add(warning.Message);
        }
    }

    public async ValueTask WriteAsync(CommandContext context)
    {
        string[] messages;
        lock (_lock) messages = [.. _messages];
        if (messages.Length == 0) return;
        for (var i = 0; i < messages.Length && i < Shown; i++)
            await context.IO.WriteErrorLineAsync($"nsh: {context.Name}: warning: {messages[i]}").ConfigureAwait(false);
        if (messages.Length > Shown)
            await context.IO.WriteErrorLineAsync($"nsh: {context.Name}: warning: and {messages.Length - Shown} more like these").ConfigureAwait(false);
    }
}
