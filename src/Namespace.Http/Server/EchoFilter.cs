using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Http.Server;

/// <summary>
/// Recognises the watcher's reports of the server's own changes, which were already published when
/// the request made them. After each change the server remembers the state it left each touched path
/// in; a later watcher report is an echo only while the path is still in exactly that state, so a
/// change made by another program is never taken for an echo.
/// </summary>
internal sealed class EchoFilter(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private readonly Dictionary<VPath, (string State, DateTimeOffset Until)> _expected = [];

    /// <summary>A comparable summary of an entry (or of its absence).</summary>
    public static string StateOf(NsEntry? entry) => entry switch
    {
        null => "absent",
        { IsDirectory: true } => "dir:" + entry.ModifiedUtc.UtcTicks,
        _ => "file:" + entry.ETag + ":" + entry.Size + ":" + entry.ModifiedUtc.UtcTicks,
    };

    /// <summary>Remembers that the server left <paramref name="path"/> in <paramref name="state"/>.</summary>
    public void Expect(VPath path, string state)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_expected.Count > 4096)
            {
                foreach (var stale in _expected.Where(e => e.Value.Until < now).Select(e => e.Key).ToList()) _expected.Remove(stale);
            }
            _expected[path] = (state, now + Keep);
        }
    }

    /// <summary>True when a watcher report about <paramref name="path"/> finds it as the server left it.</summary>
    public bool IsEcho(VPath path, string currentState)
    {
        lock (_lock)
        {
            return _expected.TryGetValue(path, out var expected) && expected.Until >= time.GetUtcNow() && expected.State == currentState;
        }
    }
}
