using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

public sealed partial class VirtualOS
{
    /// <summary>The default number of events a watcher buffers before it reports an overflow.</summary>
    public const int DefaultWatchCapacity = 1024;

    /// <summary>
    /// Change events at or below a path, in namespace paths, from every element of the unions
    /// that serve it (the mount table as it is when watching starts). Each watcher buffers at most
    /// <paramref name="capacity"/> events; when a slow reader lets the buffer fill, further events
    /// are dropped and one <see cref="ChangeKind.Overflow"/> event says so, after the events that
    /// were kept. Ends when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="NamespaceException">NotSupported when no element serving the path can report changes.</exception>
    public IAsyncEnumerable<ChangeEvent> Watch(string path, int capacity = DefaultWatchCapacity, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var watched = ResolvePath(path);
        var table = _state.Table;
        var sources = new List<(MountPoint Mount, UnionElement Element, VPath ProviderPath)>();
        if (table.TryFind(watched, out var enclosing))
        {
            var relative = watched.RelativeTo(enclosing.Path);
            sources.AddRange(enclosing.Items.Select(e => (enclosing, e, e.Map(relative))));
        }
        foreach (var mount in table.All)
        {
            if (mount.Path != watched && mount.Path.IsUnder(watched))
                sources.AddRange(mount.Items.Select(e => (mount, e, e.Root)));
        }
        sources.RemoveAll(s => !s.Element.Provider.Capabilities.HasFlag(ProviderCapabilities.Watch));
        if (sources.Count == 0) throw NsErrors.NotSupported(watched, "watching");
        return WatchAsync(table, watched, sources, capacity, cancellationToken);
    }

    private static async IAsyncEnumerable<ChangeEvent> WatchAsync(
        MountTable table,
        VPath watched,
        List<(MountPoint Mount, UnionElement Element, VPath ProviderPath)> sources,
        int capacity,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new WatchBuffer(capacity);
        var subscriptions = new List<IDisposable>();
        try
        {
            foreach (var (mount, element, providerPath) in sources)
            {
                subscriptions.Add(element.Provider.Subscribe(providerPath, change =>
                {
                    if (change.Kind == ChangeKind.Overflow)
                    {
                        buffer.Overflow();
                        return;
                    }
                    if (Map(table, mount, element, change.Path) is not { } path || !path.IsUnder(watched)) return;
                    VPath? old = change.OldPath is { } o ? Map(table, mount, element, o) : null;
                    buffer.Offer(new ChangeEvent(change.Kind, path, old));
                }));
            }
            while (await buffer.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (buffer.Reader.TryRead(out var change))
                {
                    if (change.Kind != ChangeKind.Overflow) yield return change;
                }
                if (buffer.TakeOverflow()) yield return new ChangeEvent(ChangeKind.Overflow, watched);
            }
        }
        finally
        {
            foreach (var s in subscriptions) s.Dispose();
        }
    }

    // A provider path seen through one element, as the namespace path it shows at, unless a deeper mount hides it.
    private static VPath? Map(MountTable table, MountPoint mount, UnionElement element, VPath providerPath)
    {
        if (!providerPath.IsUnder(element.Root)) return null;
        var path = mount.Path.Join(providerPath.RelativeTo(element.Root));
        return table.TryFind(path, out var serving) && ReferenceEquals(serving, mount) ? path : null;
    }

    // Bounded per watcher: once an event is dropped, everything is dropped until the reader has seen the overflow.
    private sealed class WatchBuffer(int capacity)
    {
        private readonly Channel<ChangeEvent> _channel = Channel.CreateBounded<ChangeEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        private int _overflowed;

        public ChannelReader<ChangeEvent> Reader => _channel.Reader;

        public void Offer(ChangeEvent change)
        {
            if (Volatile.Read(ref _overflowed) == 1) return;
            if (!_channel.Writer.TryWrite(change)) Overflow();
        }

        public void Overflow()
        {
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            {
                // Wake the reader even when the buffer is empty (an overflow reported by a provider).
                _channel.Writer.TryWrite(new ChangeEvent(ChangeKind.Overflow, VPath.Root));
            }
        }

        public bool TakeOverflow() => Interlocked.Exchange(ref _overflowed, 0) == 1;
    }
}
