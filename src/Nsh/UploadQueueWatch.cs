using Namespace.Caching;
using Namespace.Core.Namespaces;

namespace Namespace.Nsh;

/// <summary>
/// The upload queue's counts for the prompt, kept from the uploaders' events: the queue is read again when they say it
/// changed (one read at a time, and one more for the changes made during it), never for a prompt alone. The session's
/// namespace is followed as it changes (<c>mount</c>, <c>unmount</c>, <c>rfork n</c>): <see cref="FollowAsync"/>, before
/// each prompt, subscribes again when the mount table is not the one it last saw.
/// </summary>
/// <param name="namespaceNow">The session's namespace now.</param>
internal sealed class UploadQueueWatch(Func<VirtualOS> namespaceNow) : IDisposable
{
    private readonly Lock _lock = new();
    private VirtualOS? _os;
    private MountPoint[] _mounts = [];
    private IDisposable? _subscription;
    private bool _reading;
    private bool _again;
    private List<TaskCompletionSource> _waiting = [];
    private volatile UploadQueueCounts _counts = UploadQueueCounts.None;

    /// <summary>The counts as last read.</summary>
    public UploadQueueCounts Counts => _counts;

    /// <summary>
    /// Follows the session's namespace now, and returns once the counts take in every change the uploaders reported before
    /// the call (at once when none came since the last read).
    /// </summary>
    public Task FollowAsync()
    {
        var os = namespaceNow();
        var mounts = os.Mounts;
        lock (_lock)
        {
            var started = false;
            if (!ReferenceEquals(os, _os) || !mounts.SequenceEqual(_mounts))
            {
                _subscription?.Dispose();
                _subscription = os.OnUploadQueueChanged(Changed);
                (_os, _mounts) = (os, [.. mounts]);
                started = Read();
            }
            if (!_reading) return Task.CompletedTask;
            // A read under way may have begun before the last change: wait for one that begins after this call.
            if (!started) _again = true;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add(done);
            return done.Task;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _subscription?.Dispose();
            _subscription = null;
        }
    }

    // Raised on an uploader's thread: never read there.
    private void Changed()
    {
        lock (_lock) _ = Read();
    }

    // Under _lock: starts a read, or asks the one under way for another; true when it started one.
    private bool Read()
    {
        if (_reading)
        {
            _again = true;
            return false;
        }
        _reading = true;
        _ = Task.Run(ReadAsync);
        return true;
    }

    private async Task ReadAsync()
    {
        while (true)
        {
            VirtualOS os;
            List<TaskCompletionSource> waiting;
            lock (_lock)
            {
                _again = false;
                os = _os!;
                (waiting, _waiting) = (_waiting, []);
            }
            try
            {
                _counts = UploadQueueCounts.Of(await os.UploadQueueAsync().ConfigureAwait(false));
            }
            catch (Exception)
            {
                // A store that cannot be read now: the prompt keeps the last counts, and the next change reads again.
            }
            foreach (var done in waiting) done.TrySetResult();
            lock (_lock)
            {
                if (!_again)
                {
                    _reading = false;
                    return;
                }
            }
        }
    }
}
