using System.Collections.Concurrent;

namespace Namespace.Shell.Execution;

/// <summary>Commands started with <c>&amp;</c>, by job number.</summary>
public sealed class BackgroundJobs
{
    private readonly ConcurrentDictionary<int, Task<string>> _jobs = new();
    private int _next;

    /// <summary>Registers a running job; returns its number (<c>$apid</c>).</summary>
    public int Add(Task<string> job)
    {
        var id = Interlocked.Increment(ref _next);
        _jobs[id] = job;
        _ = job.ContinueWith(_ => _jobs.TryRemove(id, out Task<string>? _), TaskScheduler.Default);
        return id;
    }

    /// <summary>The jobs still running.</summary>
    public IReadOnlyCollection<int> Running => _jobs.Keys.Order().ToArray();

    /// <summary>Waits for every running job.</summary>
    public Task WaitAllAsync() => Task.WhenAll(_jobs.Values);
}
