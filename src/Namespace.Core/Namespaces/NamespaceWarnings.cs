using Namespace.Core.Errors;

namespace Namespace.Core.Namespaces;

/// <summary>
/// Things a user should hear about that are not failures, such as a cache serving a stale copy because its origin
/// could not be reached. Warnings go to the listener of the current asynchronous flow (the shell installs one per
/// command, so the warning names the command that met it); with no listener they are dropped.
/// </summary>
public static class NamespaceWarnings
{
    private static readonly AsyncLocal<Action<NamespaceException>?> Current = new();

    /// <summary>Sends warnings raised in this flow (and the tasks it starts) to <paramref name="listener"/> until the result is disposed.</summary>
    public static IDisposable Listen(Action<NamespaceException> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var previous = Current.Value;
        Current.Value = listener;
        return new Restore(previous);
    }

    /// <summary>Reports a warning to the current listener, if there is one.</summary>
    public static void Report(NamespaceException warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        Current.Value?.Invoke(warning);
    }

    private sealed class Restore(Action<NamespaceException>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
