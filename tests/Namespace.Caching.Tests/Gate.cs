namespace Namespace.Caching.Tests;

/// <summary>
/// A point an operation (a store's commit, a proxy's answer) stops at while the gate is shut: the test knows when
/// something reached it (<see cref="Reached"/>) and lets it through (<see cref="Open"/>). Open unless <see cref="Shut"/>.
/// </summary>
internal sealed class Gate
{
    private TaskCompletionSource _open = Opened();
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an operation first stops at the shut gate.</summary>
    public Task Reached => _reached.Task;

    public void Shut()
    {
        _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open() => _open.TrySetResult();

    public async Task PassAsync()
    {
        var open = _open.Task;
        if (open.IsCompleted) return;
        _reached.TrySetResult();
        await open.ConfigureAwait(false);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
