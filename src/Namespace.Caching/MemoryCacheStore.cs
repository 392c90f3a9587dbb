using System.Runtime.CompilerServices;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

/// <summary>
/// A cache store in memory (what <c>mount -C -t mem</c> caches in): the cache's copies, their records, listings and
/// counters in structures of its own, gone at exit. It is not a file system: a memfs mounted plainly never sees what a
/// cache keeps here, and a cache never sees the memfs's files. Thread-safe (one lock); copies are immutable arrays
/// replaced on commit, so a reader never sees a torn fill.
/// </summary>
public sealed partial class MemoryCacheStore : ICacheStore, ICacheJournal
{
    private readonly Lock _lock = new();
    private readonly Dir _root;
    private readonly Dictionary<VPath, CacheListing> _listings = [];
    private readonly Dictionary<VPath, CacheCounters> _counters = [];

    /// <summary>Makes an empty store.</summary>
    /// <param name="clock">The clock the cache measures freshness and ages with; the system clock when null.</param>
    /// <param name="blockSize">The unit of ranged copies (<see cref="BlockSize"/>).</param>
    public MemoryCacheStore(TimeProvider? clock = null, int blockSize = DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        Clock = clock ?? TimeProvider.System;
        BlockSize = blockSize;
        _root = new Dir(Made(EntryKind.Directory));
    }

    /// <summary>The block size of a store made without one: 1 MiB, as dbfs's chunks.</summary>
    public const int DefaultBlockSize = 1 << 20;

    /// <inheritdoc/>
    public TimeProvider Clock { get; }

    /// <inheritdoc/>
    public int BlockSize { get; }

    /// <inheritdoc/>
    public ValueTask<CacheRecord?> GetRecordAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(Find(path)?.Record);
    }

    /// <inheritdoc/>
    public ValueTask<CachedFile?> OpenCachedAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(Find(path) is File file
                ? new CachedFile(file.Record, file.Content is { } content ? new MemoryStream(content, writable: false) : Stream.Null)
                : null);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Checked at once whatever <paramref name="checkNow"/> says: it costs nothing here.</remarks>
    public ValueTask<NsWriteStream> OpenFillAsync(VPath path, CacheRecord record, bool checkNow = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock) CheckFill(path);
        return ValueTask.FromResult<NsWriteStream>(new CommitOnDisposeStream(content => CommitFill(path, record, content)));
    }

    /// <inheritdoc/>
    public ValueTask<int?> ReadRangeAsync(VPath path, CacheRecord version, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (_lock)
        {
            if (Find(path) is not File file || !file.Record.SameVersion(version)) return ValueTask.FromResult<int?>(null);
            if (offset >= file.Record.Size) return ValueTask.FromResult<int?>(0);
            ReadOnlySpan<byte> from;
            if (file.Content is { } content) from = content.AsSpan((int)offset);
            else if (file.Blocks!.TryGetValue(offset / BlockSize, out var block)) from = block.AsSpan((int)(offset % BlockSize));
            else return ValueTask.FromResult<int?>(null);
            var n = Math.Min(from.Length, buffer.Length);
            from[..n].CopyTo(buffer.Span);
            return ValueTask.FromResult<int?>(n);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Once every block is held they are joined into one array: a whole copy, as a fill makes.</remarks>
    public ValueTask WriteRangeAsync(VPath path, CacheRecord record, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        RangedContent.CheckWrite(BlockSize, record.Size, offset, data.Length);
        lock (_lock)
        {
            var parent = CheckFill(path) ?? MakeDirectories(path.Parent);
            var kept = parent.Children.GetValueOrDefault(path.Name) as File;
            if (kept is not null && kept.Record.SameVersion(record) && kept.Content is not null) return ValueTask.CompletedTask;
            if (kept?.Blocks is null || !kept.Record.SameVersion(record))
            {
                kept = new File(new SortedDictionary<long, byte[]>(), Normalise(record with { Dirty = false }, EntryKind.File, record.Size, partial: true));
                parent.Children[path.Name] = kept;
            }
            var blocks = kept.Blocks!;
            for (var at = 0; at < data.Length; at += BlockSize)
                blocks.TryAdd((offset + at) / BlockSize, data.Slice(at, Math.Min(BlockSize, data.Length - at)).ToArray());
            if (blocks.Count == RangedContent.BlockCount(record.Size, BlockSize))
            {
                var whole = new byte[record.Size];
                foreach (var (index, block) in blocks) block.CopyTo(whole, index * BlockSize);
                parent.Children[path.Name] = new File(whole, kept.Record with { Partial = false });
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ByteRange>> GetRangesAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(Find(path) switch
            {
                File { Content: { Length: > 0 } content } => [new ByteRange(0, content.LongLength)],
                File { Blocks: { } blocks } => RangedContent.Merge(blocks.Select(b => (b.Key, (long)b.Value.Length)), BlockSize),
                _ => (IReadOnlyList<ByteRange>)[],
            });
        }
    }

    /// <inheritdoc/>
    public ValueTask SetRecordAsync(VPath path, CacheRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            var node = Find(path);
            if (record.Kind == EntryKind.Directory)
            {
                if (node is File) throw NsErrors.NotADirectory(path);
                (node ?? MakeDirectories(path)).Record = Normalise(record, EntryKind.Directory, 0);
            }
            else
            {
                var file = node switch
                {
                    null => throw NsErrors.NotFound(path),
                    Dir => throw NsErrors.IsADirectory(path),
                    _ => (File)node,
                };
                file.Record = Normalise(record, EntryKind.File, file.Record.Size, file.Blocks is not null);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkValidatedAsync(VPath path, CacheRecord held, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(held);
        lock (_lock)
        {
            if (Find(path) is not File file || file.Record with { LastAccessUtc = held.LastAccessUtc, AccessCount = held.AccessCount } != held)
                return ValueTask.FromResult(false);
            file.Record = file.Record with { ValidatedUtc = validatedUtc.ToUniversalTime() };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask TouchAsync(VPath path, DateTimeOffset when, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (Find(path) is { } node)
            {
                var r = node.Record;
                node.Record = r with { LastAccessUtc = when > r.LastAccessUtc ? when.ToUniversalTime() : r.LastAccessUtc, AccessCount = r.AccessCount + 1 };
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<long> DropAsync(VPath path, DateTimeOffset? validatedBefore = null, bool keepPath = false, CancellationToken cancellationToken = default)
    {
        long count = 0;
        lock (_lock)
        {
            DropListingsAt(path, validatedBefore);
            var node = Find(path);
            if (node is not null && Drop(node, path, validatedBefore, ref count))
            {
                if (keepPath && node is Dir) count--; // emptied, and kept
                else ((Dir)Find(path.Parent)!).Children.Remove(path.Name);
            }
        }
        return ValueTask.FromResult(count);
    }

    /// <inheritdoc/>
    public ValueTask<CacheUsage> EvictAsync(IReadOnlyList<VPath> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        long count = 0, bytes = 0;
        lock (_lock)
        {
            foreach (var path in files)
            {
                if (path.IsRoot || Find(path) is not File { Record.Dirty: false } file) continue;
                ((Dir)Find(path.Parent)!).Children.Remove(path.Name);
                count++;
                bytes += file.Held;
            }
        }
        return ValueTask.FromResult(new CacheUsage(count, bytes));
    }

    /// <inheritdoc/>
    public ValueTask<CacheListing?> GetListingAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(_listings.GetValueOrDefault(path));
    }

    /// <inheritdoc/>
    public ValueTask<CacheListed?> GetListedAsync(VPath directory, string name, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<CacheListed?>(_listings.TryGetValue(directory, out var listing)
                ? new CacheListed(listing.ValidatedUtc, listing.Find(name))
                : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask SetListingAsync(VPath path, CacheListing listing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listing);
        // A copy, so the caller's list can change afterwards without changing what is kept.
        var kept = listing with { ValidatedUtc = listing.ValidatedUtc.ToUniversalTime(), Entries = listing.Entries.ToArray() };
        lock (_lock) _listings[path] = kept;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DropListingAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock) _listings.Remove(path);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<CacheRecordEntry> ScanAsync(VPath path, bool recursive, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var found = new List<CacheRecordEntry>();
        lock (_lock)
        {
            if (Find(path) is Dir dir) Collect(dir, path, recursive, found);
        }
        foreach (var entry in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<CacheUsage> MeasureAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(Find(path) switch
            {
                Dir dir => Measure(dir),
                File file => new CacheUsage(1, file.Held),
                _ => new CacheUsage(0, 0),
            });
        }
    }

    /// <inheritdoc/>
    public ValueTask<CacheCounters> ReadCountersAsync(VPath root, CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(_counters.GetValueOrDefault(root));
    }

    /// <inheritdoc/>
    public ValueTask AddCountersAsync(IReadOnlyDictionary<VPath, CacheCounters> deltas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        lock (_lock)
        {
            foreach (var (root, delta) in deltas) _counters[root] = _counters.GetValueOrDefault(root) + delta;
        }
        return ValueTask.CompletedTask;
    }

    // A directory made to hold a fill: never validated (it is no copy of the origin's), not dirty.
    private CacheRecord Made(EntryKind kind)
    {
        var now = Clock.GetUtcNow();
        return new CacheRecord(kind, 0, null, null, null, now, now, 0, Dirty: false);
    }

    private Node? Find(VPath path)
    {
        Node node = _root;
        foreach (var name in path.Segments)
        {
            if (node is not Dir dir || !dir.Children.TryGetValue(name, out var child)) return null;
            node = child;
        }
        return node;
    }

    // What would stop a fill at path: checked when the stream opens and again when it commits. The parent, or null
    // when it is still to be made. Called under the lock.
    private Dir? CheckFill(VPath path)
    {
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
        Node node = _root;
        var at = VPath.Root;
        foreach (var name in path.Parent.Segments)
        {
            var dir = node as Dir ?? throw NsErrors.NotADirectory(at);
            if (!dir.Children.TryGetValue(name, out var child)) return null;
            node = child;
            at = at.Child(name);
        }
        var parent = node as Dir ?? throw NsErrors.NotADirectory(path.Parent);
        return parent.Children.GetValueOrDefault(path.Name) switch
        {
            Dir => throw NsErrors.IsADirectory(path),
            File { Record.Dirty: true } => throw NsErrors.Conflict(path, "holds local changes not yet written to the origin"),
            _ => parent,
        };
    }

    private void CommitFill(VPath path, CacheRecord record, byte[] content)
    {
        lock (_lock)
        {
            var parent = CheckFill(path) ?? MakeDirectories(path.Parent);
            parent.Children[path.Name] = new File(content, Normalise(record, EntryKind.File, content.LongLength, partial: false));
        }
    }

    // Makes the directory at path and any missing parents; returns it. Called under the lock.
    private Dir MakeDirectories(VPath path)
    {
        var dir = _root;
        foreach (var name in path.Segments)
        {
            if (!dir.Children.TryGetValue(name, out var child))
            {
                child = new Dir(Made(EntryKind.Directory));
                dir.Children[name] = child;
            }
            dir = child as Dir ?? throw NsErrors.NotADirectory(path);
        }
        return dir;
    }

    // Kind, size and whether it is ranged come from the node itself; times are kept in UTC.
    private static CacheRecord Normalise(CacheRecord record, EntryKind kind, long size, bool partial = false) => record with
    {
        Kind = kind,
        Size = size,
        Partial = partial,
        OriginModifiedUtc = record.OriginModifiedUtc?.ToUniversalTime(),
        ValidatedUtc = record.ValidatedUtc?.ToUniversalTime(),
        StoredUtc = record.StoredUtc.ToUniversalTime(),
        LastAccessUtc = record.LastAccessUtc.ToUniversalTime(),
    };

    // Empties what may go below node; true when node itself may go too (the caller unlinks it).
    private static bool Drop(Node node, VPath path, DateTimeOffset? validatedBefore, ref long count)
    {
        if (node is Dir dir)
        {
            foreach (var (name, child) in dir.Children.ToArray())
            {
                if (Drop(child, path.Child(name), validatedBefore, ref count)) dir.Children.Remove(name);
            }
            if (dir.Children.Count > 0) return false;
        }
        var record = node.Record;
        if (path.IsRoot || record.Dirty || validatedBefore is { } before && record.ValidatedUtc >= before) return false;
        count++;
        return true;
    }

    private void DropListingsAt(VPath path, DateTimeOffset? validatedBefore)
    {
        if (_listings.Count == 0) return;
        foreach (var (dir, listing) in _listings.ToArray())
        {
            if (dir.IsUnder(path) && !(validatedBefore is { } before && listing.ValidatedUtc >= before)) _listings.Remove(dir);
        }
    }

    private static void Collect(Dir dir, VPath path, bool recursive, List<CacheRecordEntry> found)
    {
        foreach (var (name, child) in dir.Children)
        {
            var childPath = path.Child(name);
            found.Add(new CacheRecordEntry(childPath, child.Record));
            if (recursive && child is Dir sub) Collect(sub, childPath, recursive, found);
        }
    }

    private static CacheUsage Measure(Dir dir)
    {
        long files = 0, bytes = 0;
        foreach (var child in dir.Children.Values)
        {
            var usage = child switch
            {
                File file => new CacheUsage(1, file.Held),
                Dir sub => Measure(sub),
                _ => default,
            };
            files += usage.Files;
            bytes += usage.Bytes;
        }
        return new CacheUsage(files, bytes);
    }

    private abstract class Node(CacheRecord record)
    {
        public CacheRecord Record { get; set; } = record;
    }

    // A whole copy (Content), or a ranged one (Blocks: block index to its bytes, the blocks held).
    private sealed class File : Node
    {
        public File(byte[] content, CacheRecord record)
            : base(record) => Content = content;

        public File(SortedDictionary<long, byte[]> blocks, CacheRecord record)
            : base(record) => Blocks = blocks;

        public byte[]? Content { get; }

        public SortedDictionary<long, byte[]>? Blocks { get; }

        public long Held => Content?.LongLength ?? Blocks!.Values.Sum(b => (long)b.Length);
    }

    private sealed class Dir(CacheRecord record) : Node(record)
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
    }

    // A fill or a local write: the bytes are kept aside and committed in one step when disposed.
    private sealed class CommitOnDisposeStream(Action<byte[]> commit) : NsWriteStream
    {
        private readonly MemoryStream _buffer = new();
        private bool _done;

        public override long Length => _buffer.Length;

        public override void Flush()
        {
        }

        public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_done)
            {
                _done = true;
                if (!Aborted) commit(_buffer.ToArray());
            }
            base.Dispose(disposing);
        }
    }
}
