using System.Runtime.CompilerServices;
using Namespace.Core.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Memory;

// memfs as a cache store: every node carries its record (so removing or renaming a node takes its record
// along), listings sit in a dictionary kept in step by DeleteAsync and MoveAsync, counters in a field.
// Content written through OpenWriteAsync gets a record too: never validated, origin fields and Dirty kept.
public sealed partial class MemoryFileSystem
{
    private readonly Dictionary<VPath, CacheListing> _listings = [];
    private CacheCounters _counters;

    /// <inheritdoc/>
    public TimeProvider Clock => _time;

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
            return ValueTask.FromResult(Find(path) is FileNode { Record: { } record } file
                ? new CachedFile(record, new MemoryStream(file.Content, writable: false))
                : null);
        }
    }

    /// <inheritdoc/>
    /// <remarks>memfs checks at once whatever <paramref name="checkNow"/> says: it costs nothing here.</remarks>
    public ValueTask<NsWriteStream> OpenFillAsync(VPath path, CacheRecord record, bool checkNow = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            CheckFill(path);
            return ValueTask.FromResult<NsWriteStream>(new WriteStream(this, path, WriteMode.Replace, [], record));
        }
    }

    /// <inheritdoc/>
    public ValueTask SetRecordAsync(VPath path, CacheRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var made = new List<VPath>();
        lock (_lock)
        {
            var node = Find(path);
            if (record.Kind == EntryKind.Directory)
            {
                if (node is FileNode) throw NsErrors.NotADirectory(path);
                node ??= MakeDirectories(path, made);
                node.Record = Normalise(record, EntryKind.Directory, 0);
            }
            else
            {
                var file = node switch
                {
                    null => throw NsErrors.NotFound(path),
                    DirNode => throw NsErrors.IsADirectory(path),
                    _ => (FileNode)node,
                };
                file.Record = Normalise(record, EntryKind.File, file.Content.LongLength);
            }
        }
        foreach (var dir in made) Notify(new ChangeEvent(ChangeKind.Created, dir));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> MarkValidatedAsync(VPath path, CacheRecord held, DateTimeOffset validatedUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(held);
        lock (_lock)
        {
            if (Find(path) is not FileNode file || file.Record with { LastAccessUtc = held.LastAccessUtc, AccessCount = held.AccessCount } != held)
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
        var removed = new List<VPath>();
        long count = 0;
        lock (_lock)
        {
            DropListingsAt(path, validatedBefore);
            var node = Find(path);
            if (node is not null && Drop(node, path, validatedBefore, removed, ref count))
            {
                if (keepPath && node is DirNode)
                {
                    count--; // emptied, and kept
                }
                else
                {
                    Unlink((DirNode)Find(path.Parent)!, path.Name);
                    removed.Clear();
                    removed.Add(path);
                }
            }
        }
        foreach (var gone in removed) Notify(new ChangeEvent(ChangeKind.Deleted, gone));
        return ValueTask.FromResult(count);
    }

    /// <inheritdoc/>
    public ValueTask<CacheUsage> EvictAsync(IReadOnlyList<VPath> files, CancellationToken cancellationToken = default)
    {
        var removed = new List<VPath>();
        long bytes = 0;
        lock (_lock)
        {
            foreach (var path in files)
            {
                if (path.IsRoot || Find(path) is not FileNode { Record.Dirty: false } file) continue;
                Unlink((DirNode)Find(path.Parent)!, path.Name);
                bytes += file.Content.LongLength;
                removed.Add(path);
            }
        }
        foreach (var gone in removed) Notify(new ChangeEvent(ChangeKind.Deleted, gone));
        return ValueTask.FromResult(new CacheUsage(removed.Count, bytes));
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
            if (Find(path) is DirNode dir) Collect(dir, path, recursive, found);
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
                DirNode dir => Measure(dir),
                FileNode file => new CacheUsage(1, file.Content.LongLength),
                _ => new CacheUsage(0, 0),
            });
        }
    }

    /// <inheritdoc/>
    /// <remarks>The first such file in ordinal order.</remarks>
    public ValueTask<VPath?> FindLocalFileAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(Find(path) is { } node ? FindLocal(node, path) : null);
    }

    /// <inheritdoc/>
    public ValueTask<CacheCounters> ReadCountersAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return ValueTask.FromResult(_counters);
    }

    /// <inheritdoc/>
    public ValueTask AddCountersAsync(CacheCounters delta, CancellationToken cancellationToken = default)
    {
        lock (_lock) _counters += delta;
        return ValueTask.CompletedTask;
    }

    private CacheRecord LocalRecord(EntryKind kind, long size)
    {
        var now = _time.GetUtcNow();
        return new CacheRecord(kind, size, null, null, null, now, now, 0, Dirty: false);
    }

    // What would stop a fill at path: checked when the stream opens and again when it commits.
    private DirNode? CheckFill(VPath path)
    {
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
        Node node = _root;
        foreach (var ancestor in Ancestors(path))
        {
            var dir = node as DirNode ?? throw NsErrors.NotADirectory(ancestor.Parent);
            if (!dir.TryGetValue(ancestor.Name, out var child)) return null;
            node = child!;
        }
        var parent = node as DirNode ?? throw NsErrors.NotADirectory(path.Parent);
        parent.TryGetValue(path.Name, out var existing);
        return existing switch
        {
            DirNode => throw NsErrors.IsADirectory(path),
            FileNode { Record.Dirty: true } => throw NsErrors.Conflict(path, "holds local changes not yet written to the origin"),
            _ => parent,
        };
    }

    private void CommitFill(VPath path, CacheRecord record, byte[] content)
    {
        var made = new List<VPath>();
        bool created;
        lock (_lock)
        {
            var parent = CheckFill(path) ?? (DirNode)MakeDirectories(path.Parent, made);
            created = !parent.ContainsKey(path.Name);
            var now = _time.GetUtcNow();
            parent.Set(path.Name, new FileNode(content, now, ++_version, Normalise(record, EntryKind.File, content.LongLength)));
            if (created) parent.Modified = now;
        }
        foreach (var dir in made) Notify(new ChangeEvent(ChangeKind.Created, dir));
        Notify(new ChangeEvent(created ? ChangeKind.Created : ChangeKind.Changed, path));
    }

    // Kind and size come from the node itself; times are kept in UTC.
    private static CacheRecord Normalise(CacheRecord record, EntryKind kind, long size) => record with
    {
        Kind = kind,
        Size = size,
        OriginModifiedUtc = record.OriginModifiedUtc?.ToUniversalTime(),
        ValidatedUtc = record.ValidatedUtc?.ToUniversalTime(),
        StoredUtc = record.StoredUtc.ToUniversalTime(),
        LastAccessUtc = record.LastAccessUtc.ToUniversalTime(),
    };

    // The ancestors of path below the root, outermost first (/a, /a/b for /a/b/c).
    private static IEnumerable<VPath> Ancestors(VPath path)
    {
        var chain = new Stack<VPath>();
        for (var p = path.Parent; !p.IsRoot; p = p.Parent) chain.Push(p);
        return chain;
    }

    // Makes the directory at path and any missing parents (each with a local record); returns it.
    private Node MakeDirectories(VPath path, List<VPath> made)
    {
        Node node = _root;
        foreach (var step in Ancestors(path).Append(path))
        {
            if (step.IsRoot) continue;
            var dir = node as DirNode ?? throw NsErrors.NotADirectory(step.Parent);
            if (!dir.TryGetValue(step.Name, out var child))
            {
                child = new DirNode(LocalRecord(EntryKind.Directory, 0));
                dir.Set(step.Name, child);
                dir.Modified = child.Record.StoredUtc;
                made.Add(step);
            }
            node = child!;
        }
        return node as DirNode ?? throw NsErrors.NotADirectory(path);
    }

    // Empties what may go below node; true when node itself may go too (the caller unlinks it).
    private bool Drop(Node node, VPath path, DateTimeOffset? validatedBefore, List<VPath> removed, ref long count)
    {
        if (node is DirNode dir)
        {
            var unlinked = false;
            foreach (var (name, child) in dir.Sorted)
            {
                var childPath = path.Child(name);
                if (!Drop(child, childPath, validatedBefore, removed, ref count)) continue;
                dir.Remove(name);
                unlinked = true;
                // Only the topmost removed paths are reported; a removed directory stands for its contents.
                removed.RemoveAll(p => p.IsUnder(childPath));
                removed.Add(childPath);
            }
            if (unlinked) dir.Modified = _time.GetUtcNow();
            if (dir.Count > 0) return false;
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

    private void MoveListings(VPath from, VPath to)
    {
        if (_listings.Count == 0) return;
        DropListingsAt(to, validatedBefore: null);
        foreach (var (dir, listing) in _listings.ToArray())
        {
            if (!dir.IsUnder(from)) continue;
            _listings.Remove(dir);
            _listings[to.Join(dir.RelativeTo(from))] = listing;
        }
    }

    private static void Collect(DirNode dir, VPath path, bool recursive, List<CacheRecordEntry> found)
    {
        foreach (var (name, child) in dir.Sorted)
        {
            var childPath = path.Child(name);
            found.Add(new CacheRecordEntry(childPath, child.Record));
            if (recursive && child is DirNode sub) Collect(sub, childPath, recursive, found);
        }
    }

    private static VPath? FindLocal(Node node, VPath path)
    {
        if (node is not DirNode dir) return node.Record is { ValidatedUtc: null, Dirty: false } ? path : null;
        foreach (var (name, child) in dir.Sorted)
        {
            if (FindLocal(child, path.Child(name)) is { } found) return found;
        }
        return null;
    }

    private static CacheUsage Measure(DirNode dir)
    {
        var usage = default(CacheUsage);
        foreach (var (_, child) in dir.Sorted)
        {
            usage = child switch
            {
                FileNode file => new CacheUsage(usage.Files + 1, usage.Bytes + file.Content.LongLength),
                DirNode sub => Measure(sub) is var u ? new CacheUsage(usage.Files + u.Files, usage.Bytes + u.Bytes) : usage,
                _ => usage,
            };
        }
        return usage;
    }
}
