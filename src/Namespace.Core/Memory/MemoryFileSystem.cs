using System.Runtime.CompilerServices;
using System.Text;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Memory;

/// <summary>
/// memfs: a provider that keeps a tree of files in memory. Thread-safe (one lock around the
/// tree); file contents are immutable arrays replaced on commit, so readers never see a torn write.
/// Conditional changes (<see cref="IConditionalChange"/>) check the version under that lock, in the same step as the
/// change, so no other change can come between.
/// </summary>
public sealed class MemoryFileSystem : IFileProvider, IConditionalChange
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly Lock _lock = new();
    private readonly DirNode _root;
    private readonly TimeProvider _time;
    private readonly string _servedBy;
    private readonly ChangeNotifier _changes = new();
    private long _version;

    /// <summary>Makes an empty memfs.</summary>
    /// <param name="label">The label shown by <c>ns</c> (<c>mount -t mem LABEL</c>).</param>
    /// <param name="time">Clock for modification times; the system clock when null.</param>
    public MemoryFileSystem(string label = "mem", TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Source = new MountSource("mem", label);
        _servedBy = Source.ToString();
        _root = new DirNode(_time.GetUtcNow());
    }

    /// <summary>Makes a memfs holding the given files (paths absolute; parent directories are made as needed).</summary>
    public static MemoryFileSystem FromFiles(string label, IEnumerable<KeyValuePair<string, string>> files, TimeProvider? time = null) =>
        FromFiles(label, files.Select(f => KeyValuePair.Create(f.Key, Encoding.UTF8.GetBytes(f.Value))), time);

    /// <summary>Makes a memfs holding the given files (paths absolute; parent directories are made as needed).</summary>
    public static MemoryFileSystem FromFiles(string label, IEnumerable<KeyValuePair<string, byte[]>> files, TimeProvider? time = null)
    {
        var fs = new MemoryFileSystem(label, time);
        foreach (var (name, content) in files)
        {
            var path = VPath.Parse(name);
            var dir = fs._root;
            foreach (var segment in path.Parent.Segments)
            {
                if (!dir.TryGetValue(segment, out var child))
                {
                    child = new DirNode(fs._time.GetUtcNow());
                    dir.Set(segment, child);
                }
                dir = child as DirNode ?? throw NsErrors.NotADirectory(path.Parent);
            }
            dir.Set(path.Name, new FileNode(content.ToArray(), fs._time.GetUtcNow(), ++fs._version));
        }
        return fs;
    }

    /// <summary>The clock modification times are taken from.</summary>
    public TimeProvider Clock => _time;

    /// <inheritdoc/>
    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.Read | ProviderCapabilities.Write | ProviderCapabilities.Mutate | ProviderCapabilities.Watch | ProviderCapabilities.Ranges;

    /// <inheritdoc/>
    public MountSource Source { get; }

    /// <inheritdoc/>
    public ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var node = Find(path);
            return ValueTask.FromResult(node is null ? null : ToEntry(path.Name, node));
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<NsEntry> ListAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        NsEntry[] entries;
        lock (_lock)
        {
            entries = Find(path) switch
            {
                null => throw NsErrors.NotFound(path),
                FileNode => throw NsErrors.NotADirectory(path),
                DirNode dir => Array.ConvertAll(dir.Sorted, c => ToEntry(c.Key, c.Value)),
                _ => throw new InvalidOperationException(),
            };
        }
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Find(path) switch
            {
                null => throw NsErrors.NotFound(path),
                DirNode => throw NsErrors.IsADirectory(path),
                FileNode file => ValueTask.FromResult<Stream>(new MemoryStream(file.Content, writable: false)),
                _ => throw new InvalidOperationException(),
            };
        }
    }

    /// <inheritdoc/>
    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForWrite(path);
        lock (_lock)
        {
            var parent = FindParentDir(path);
            parent.TryGetValue(path.Name, out var existing);
            if (existing is DirNode) throw NsErrors.IsADirectory(path);
            if (existing is not null && mode == WriteMode.CreateNew) throw NsErrors.Exists(path);
            var initial = mode == WriteMode.Append && existing is FileNode file ? file.Content : [];
            return ValueTask.FromResult<NsWriteStream>(new WriteStream(this, path, mode, initial, null));
        }
    }

    /// <inheritdoc/>
    /// <remarks>The version is checked at open and again at commit, under the lock that the commit holds.</remarks>
    public ValueTask<NsWriteStream> OpenWriteIfAsync(VPath path, CacheValidator? expected, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForWrite(path);
        if (expected is not null) ConditionalChecks.Require(expected);
        lock (_lock)
        {
            var parent = FindParentDir(path);
            parent.TryGetValue(path.Name, out var existing);
            ConditionalChecks.ForWrite(path, existing is null ? null : ToEntry(path.Name, existing), expected);
            return ValueTask.FromResult<NsWriteStream>(new WriteStream(this, path, WriteMode.Replace, [], new Condition(expected)));
        }
    }

    /// <inheritdoc/>
    public ValueTask DeleteIfAsync(VPath path, CacheValidator expected, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForDelete(path);
        ConditionalChecks.Require(expected);
        lock (_lock)
        {
            var parent = FindParentDir(path, notFoundAs: path);
            parent.TryGetValue(path.Name, out var node);
            ConditionalChecks.ForDelete(path, node is null ? null : ToEntry(path.Name, node), expected);
            Unlink(parent, path.Name);
        }
        _changes.Notify(new ChangeEvent(ChangeKind.Deleted, path));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForCreateDirectory(path);
        lock (_lock)
        {
            var parent = FindParentDir(path);
            if (parent.ContainsKey(path.Name)) throw NsErrors.Exists(path);
            var now = _time.GetUtcNow();
            parent.Set(path.Name, new DirNode(now));
            parent.Modified = now;
        }
        _changes.Notify(new ChangeEvent(ChangeKind.Created, path));
        return ValueTask.CompletedTask;
    }

    // Removes a child of parent, which is modified now. Called under the lock.
    private void Unlink(DirNode parent, string name)
    {
        parent.Remove(name);
        parent.Modified = _time.GetUtcNow();
    }

    /// <inheritdoc/>
    public ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForDelete(path);
        lock (_lock)
        {
            var parent = FindParentDir(path, notFoundAs: path);
            if (!parent.TryGetValue(path.Name, out var node)) throw NsErrors.NotFound(path);
            if (node is DirNode dir && dir.Count > 0 && !recursive) throw NsErrors.NotEmpty(path);
            Unlink(parent, path.Name);
        }
        _changes.Notify(new ChangeEvent(ChangeKind.Deleted, path));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default)
    {
        if (!ProviderChecks.ForMove(from, to)) return ValueTask.CompletedTask;
        lock (_lock)
        {
            var fromParent = FindParentDir(from, notFoundAs: from);
            if (!fromParent.TryGetValue(from.Name, out var node)) throw NsErrors.NotFound(from);
            var toParent = FindParentDir(to);
            if (toParent.TryGetValue(to.Name, out var target))
            {
                if (target is DirNode targetDir)
                {
                    if (node is FileNode) throw NsErrors.IsADirectory(to);
                    if (targetDir.Count > 0) throw NsErrors.NotEmpty(to);
                }
                else if (node is DirNode)
                {
                    throw NsErrors.NotADirectory(to);
                }
            }
            fromParent.Remove(from.Name);
            toParent.Set(to.Name, node!);
            var now = _time.GetUtcNow();
            fromParent.Modified = now;
            toParent.Modified = now;
        }
        _changes.Notify(new ChangeEvent(ChangeKind.Renamed, to, from));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange) => _changes.Subscribe(path, onChange);

    private void Commit(VPath path, WriteMode mode, byte[] content, Condition? condition)
    {
        bool created;
        lock (_lock)
        {
            var parent = FindParentDir(path);
            parent.TryGetValue(path.Name, out var existing);
            if (condition is not null) ConditionalChecks.ForWrite(path, existing is null ? null : ToEntry(path.Name, existing), condition.Expected);
            if (existing is DirNode) throw NsErrors.IsADirectory(path);
            if (existing is not null && mode == WriteMode.CreateNew) throw NsErrors.Exists(path);
            created = existing is null;
            var now = _time.GetUtcNow();
            parent.Set(path.Name, new FileNode(content, now, ++_version));
            if (created) parent.Modified = now;
        }
        _changes.Notify(new ChangeEvent(created ? ChangeKind.Created : ChangeKind.Changed, path));
    }

    private Node? Find(VPath path)
    {
        Node node = _root;
        if (path.IsRoot) return node;
        var value = path.Value;
        var start = 1;
        while (start <= value.Length)
        {
            if (node is not DirNode dir) return null;
            var end = value.IndexOf('/', start);
            if (end < 0) end = value.Length;
            if (!dir.TryGetValue(value.AsSpan(start, end - start), out var child)) return null;
            node = child!;
            start = end + 1;
        }
        return node;
    }

    private DirNode FindParentDir(VPath path, VPath? notFoundAs = null) => Find(path.Parent) switch
    {
        DirNode dir => dir,
        FileNode => throw NsErrors.NotADirectory(path.Parent),
        _ => throw NsErrors.NotFound(notFoundAs ?? path.Parent),
    };

    private NsEntry ToEntry(string name, Node node) => node switch
    {
        FileNode f => new NsEntry(name, EntryKind.File, f.Content.LongLength, FileMode, f.Modified, $"\"m{f.Version:x}\"", _servedBy),
        DirNode d => new NsEntry(name, EntryKind.Directory, 0, DirMode, d.Modified, null, _servedBy),
        _ => throw new InvalidOperationException(),
    };

    // What a conditional write may commit over: the version expected, or (null) nothing.
    private sealed record Condition(CacheValidator? Expected);

    private abstract class Node;

    private sealed class FileNode(byte[] content, DateTimeOffset modified, long version) : Node
    {
        public byte[] Content { get; } = content;
        public DateTimeOffset Modified { get; } = modified;
        public long Version { get; } = version;
    }

    private sealed class DirNode : Node
    {
        private readonly Dictionary<string, Node> _children = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private KeyValuePair<string, Node>[]? _sorted;

        public DirNode(DateTimeOffset modified)
        {
            Modified = modified;
            _lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public DateTimeOffset Modified { get; set; }
        public int Count => _children.Count;

        // Listings are sorted once per change, not once per listing.
        public KeyValuePair<string, Node>[] Sorted =>
            _sorted ??= _children.OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();

        public bool TryGetValue(string name, out Node? node) => _children.TryGetValue(name, out node);
        public bool TryGetValue(ReadOnlySpan<char> name, out Node? node) => _lookup.TryGetValue(name, out node);
        public bool ContainsKey(string name) => _children.ContainsKey(name);

        public void Set(string name, Node node)
        {
            _children[name] = node;
            _sorted = null;
        }

        public void Remove(string name)
        {
            _children.Remove(name);
            _sorted = null;
        }
    }

    private sealed class WriteStream(MemoryFileSystem owner, VPath path, WriteMode mode, byte[] initial, Condition? condition) : NsWriteStream
    {
        private readonly MemoryStream _buffer = CreateBuffer(initial);
        private bool _done;

        private static MemoryStream CreateBuffer(byte[] initial)
        {
            var buffer = new MemoryStream();
            buffer.Write(initial);
            return buffer;
        }

        public override long Length => _buffer.Length;
        public override void Flush() { }
        public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_done)
            {
                _done = true;
                if (!Aborted) owner.Commit(path, mode, _buffer.ToArray(), condition);
            }
            base.Dispose(disposing);
        }
    }
}
