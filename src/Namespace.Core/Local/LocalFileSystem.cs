using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Local;

/// <summary>
/// localfs: a provider over a real host directory. Every path is resolved component by component,
/// following symbolic links only while they stay inside the root, so nothing outside the root can
/// be read or written. A link that cannot be followed (out of the root, to nothing, round a loop) is
/// listed as itself (<see cref="EntryKind.SymbolicLink"/>), and removing or renaming a link acts on
/// the link, never on what it points to. Whole-file writes go to a temporary file that is flushed to
/// disk and renamed over the target, so readers see the old or the new content, never a mix.
/// Conditional changes (<see cref="IConditionalChange"/>) compare the version just before the rename that commits a
/// write, or just before a remove: the host has no rename-if-unchanged, so another program's change that lands
/// between that look and the change is overwritten or removed (see docs/namespace.md). A write that expects nothing
/// there has no such race: its rename refuses to replace a file.
/// </summary>
public sealed class LocalFileSystem : IFileProvider, IConditionalChange, IDisposable
{
    internal const string TempPrefix = ".nsh-tmp-";
    private const int MaxLinkHops = 40;
    private const string LeadsOutside = "symbolic link leads outside the mount's root";
    private const string TooManyLinks = "too many levels of symbolic links";
    private const string LeadsNowhere = "symbolic link to nothing";
    private const UnixFileMode PermissionBits = (UnixFileMode)0b111_111_111;

    private readonly string _root;
    private readonly string _servedBy;
    private readonly Lock _watchLock = new();
    private readonly ChangeNotifier _changes = new();
    private readonly CancellationTokenSource _sweep = new();
    private FileSystemWatcher? _watcher;

    // The temporary files whose rename makes a file that was not there: the host reports only a rename, and to a reader
    // that is a create. Kept only while watching; the rename's event takes its entry out again.
    private readonly ConcurrentDictionary<string, byte> _creating = new(StringComparer.Ordinal);

    /// <summary>Serves <paramref name="hostDirectory"/>, which must exist.</summary>
    /// <exception cref="NamespaceException">NotFound when the directory does not exist, NotADirectory for a file.</exception>
    public LocalFileSystem(string hostDirectory)
    {
        var full = Path.GetFullPath(hostDirectory);
        if (File.Exists(full)) throw NsErrors.NotADirectory(hostDirectory);
        if (!Directory.Exists(full)) throw NsErrors.NotFound(hostDirectory);
        _root = RealPath(full);
        Source = new MountSource("local", full);
        _servedBy = Source.ToString();
    }

    /// <summary>How long a temporary file must have gone unwritten before it counts as left behind (see <see cref="RemoveStaleTemporaryFiles"/>).</summary>
    public static readonly TimeSpan StaleTemporaryFileAge = TimeSpan.FromHours(1);

    /// <summary>
    /// Removes the temporary files that writers killed before they could clean up (SIGKILL, a crash, power loss) left
    /// anywhere below the root, and says how many. Only regular files named exactly as this provider names them
    /// (<c>.nsh-tmp-</c> and 32 hex digits) and not written for <paramref name="olderThan"/> go; links are neither
    /// followed nor removed, and names that cannot be read or removed are passed over.
    /// </summary>
    public int RemoveStaleTemporaryFiles(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        var cutoff = DateTime.UtcNow - olderThan;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            MatchType = MatchType.Simple,
        };
        var removed = 0;
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles(TempPrefix + "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsTemporaryName(file.Name) || file.LinkTarget is not null || file.LastWriteTimeUtc >= cutoff) continue;
            if (HostFileStatus.Of(file.FullName) is { Type: not HostFileType.Regular }) continue;
            try
            {
                file.Delete();
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or gone already: not ours to insist on.
            }
        }
        return removed;
    }

    /// <summary>
    /// Runs <see cref="RemoveStaleTemporaryFiles"/> in the background (with <see cref="StaleTemporaryFileAge"/>), so a
    /// mount does not wait for a walk of a large tree; disposing the provider stops it.
    /// </summary>
    public void StartRemovingStaleTemporaryFiles()
    {
        var token = _sweep.Token;
        _ = Task.Run(() =>
        {
            try
            {
                RemoveStaleTemporaryFiles(StaleTemporaryFileAge, token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or UnauthorizedAccessException)
            {
                // Stopped by Dispose, or the tree went away: the next start tries again.
            }
        }, token);
    }

    private static bool IsTemporaryName(string name) =>
        name.Length == TempPrefix.Length + 32 && name.StartsWith(TempPrefix, StringComparison.Ordinal) && name.AsSpan(TempPrefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>The real (symlink-free) host directory served.</summary>
    public string HostRoot => _root;

    /// <inheritdoc/>
    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.Read | ProviderCapabilities.Write | ProviderCapabilities.Mutate | ProviderCapabilities.Watch | ProviderCapabilities.Ranges;

    /// <inheritdoc/>
    public MountSource Source { get; }

    /// <inheritdoc/>
    public ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Guard(path, () =>
        {
            string host;
            try
            {
                host = HostPath(path);
            }
            catch (NamespaceException e) when (e.Kind == NsErrorKind.InvalidPath && NameOnHost(path, out var link) && IsLink(link))
            {
                // The last name is a link that cannot be followed: it is there, as a link.
                return LinkEntry(path.Name, link, Problem(e));
            }
            if (Describe(path.Name, host) is { } entry) return entry;
            return NameOnHost(path, out var name) && IsLink(name) ? LinkEntry(path.Name, name, LeadsNowhere) : null;
        }));

    /// <inheritdoc/>
    public async IAsyncEnumerable<NsEntry> ListAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var entries = Guard(path, () =>
        {
            var host = HostPath(path);
            if (File.Exists(host)) throw NsErrors.NotADirectory(path);
            if (!Directory.Exists(host)) throw NsErrors.NotFound(path);
            var list = new List<NsEntry>();
            foreach (var info in new DirectoryInfo(host).EnumerateFileSystemInfos())
            {
                var name = info.Name;
                if (name.StartsWith(TempPrefix, StringComparison.Ordinal) || !VPath.IsValidName(name)) continue;
                if (info.LinkTarget is null)
                {
                    if (Describe(name, info.FullName) is { } entry) list.Add(entry);
                    continue;
                }
                // A link is shown as what it points to while that is inside the root, else as the link itself.
                NsEntry? target = null;
                var problem = LeadsNowhere;
                try
                {
                    target = Describe(name, HostPath(path.Child(name)));
                }
                catch (NamespaceException e) when (e.Kind == NsErrorKind.InvalidPath)
                {
                    problem = Problem(e);
                }
                list.Add(target is null ? LinkEntry(name, info.FullName, problem) : target with { IsSymbolicLink = true });
            }
            list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return list;
        });
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Guard(path, () =>
        {
            var host = HostPath(path);
            if (Directory.Exists(host)) throw NsErrors.IsADirectory(path);
            if (!File.Exists(host)) throw NsErrors.NotFound(path);
            RequireRegular(path, host);
            return (Stream)new FileStream(host, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }));

    /// <inheritdoc/>
    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForWrite(path);
        return ValueTask.FromResult(Guard(path, () =>
        {
            var host = HostPath(path);
            var parent = Path.GetDirectoryName(host)!;
            RequireDirectory(path.Parent, parent);
            if (Directory.Exists(host)) throw NsErrors.IsADirectory(path);
            if (mode == WriteMode.CreateNew && File.Exists(host)) throw NsErrors.Exists(path);
            RequireRegular(path, host);
            return (NsWriteStream)new WriteStream(this, path, host, mode, null);
        }));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The version is checked at open and again just before the rename that commits; another program's change between
    /// that check and the rename is overwritten (the race the type's summary describes). With nothing expected the
    /// rename itself refuses to replace a file, so that case has no race.
    /// </remarks>
    public ValueTask<NsWriteStream> OpenWriteIfAsync(VPath path, CacheValidator? expected, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForWrite(path);
        if (expected is not null) ConditionalChecks.Require(expected);
        return ValueTask.FromResult(Guard(path, () =>
        {
            var host = HostPath(path);
            RequireDirectory(path.Parent, Path.GetDirectoryName(host)!);
            ConditionalChecks.ForWrite(path, Describe(path.Name, host), expected);
            RequireRegular(path, host);
            return (NsWriteStream)new WriteStream(this, path, host, WriteMode.Replace, new Condition(expected));
        }));
    }

    /// <inheritdoc/>
    /// <remarks>The version is checked just before the remove; another program's change between the two is removed with it (the race the type's summary describes).</remarks>
    public async ValueTask DeleteIfAsync(VPath path, CacheValidator expected, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForDelete(path);
        ConditionalChecks.Require(expected);
        ConditionalChecks.ForDelete(path, await StatAsync(path, cancellationToken).ConfigureAwait(false), expected);
        await DeleteAsync(path, recursive: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForCreateDirectory(path);
        Guard(path, () =>
        {
            var host = HostPath(path);
            if (File.Exists(host) || Directory.Exists(host)) throw NsErrors.Exists(path);
            RequireDirectory(path.Parent, Path.GetDirectoryName(host)!);
            Directory.CreateDirectory(host);
            return 0;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForDelete(path);
        Guard(path, () =>
        {
            // The name itself, its link not followed: rm of a link removes the link, never what it points to.
            var host = Path.Join(HostPath(path.Parent), path.Name);
            if (IsLink(host))
            {
                File.Delete(host);
            }
            else if (Directory.Exists(host))
            {
                if (!recursive && Directory.EnumerateFileSystemEntries(host).Any()) throw NsErrors.NotEmpty(path);
                Directory.Delete(host, recursive);
            }
            else if (File.Exists(host))
            {
                File.Delete(host);
            }
            else
            {
                throw NsErrors.NotFound(path);
            }
            return 0;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default)
    {
        if (!ProviderChecks.ForMove(from, to)) return ValueTask.CompletedTask;
        Guard(from, () =>
        {
            // A link is renamed as the link, never what it points to.
            var source = Path.Join(HostPath(from.Parent), from.Name);
            var target = HostPath(to);
            RequireDirectory(to.Parent, Path.GetDirectoryName(target)!);
            if (IsLink(source))
            {
                if (Directory.Exists(target)) throw NsErrors.IsADirectory(to);
                File.Move(source, target, overwrite: true);
            }
            else if (Directory.Exists(source))
            {
                if (File.Exists(target)) throw NsErrors.NotADirectory(to);
                if (Directory.Exists(target))
                {
                    if (Directory.EnumerateFileSystemEntries(target).Any()) throw NsErrors.NotEmpty(to);
                    Directory.Delete(target);
                }
                Directory.Move(source, target);
            }
            else if (File.Exists(source))
            {
                if (Directory.Exists(target)) throw NsErrors.IsADirectory(to);
                File.Move(source, target, overwrite: true);
            }
            else
            {
                throw NsErrors.NotFound(from);
            }
            return 0;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange)
    {
        lock (_watchLock)
        {
            var subscription = _changes.Subscribe(path, onChange);
            if (_watcher is null)
            {
                var watcher = new FileSystemWatcher(_root)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    InternalBufferSize = 64 * 1024,
                };
                watcher.Created += (_, e) => Raise(ChangeKind.Created, e.FullPath, null);
                watcher.Changed += (_, e) => Raise(ChangeKind.Changed, e.FullPath, null);
                watcher.Deleted += (_, e) => Raise(ChangeKind.Deleted, e.FullPath, null);
                watcher.Renamed += (_, e) => Raise(ChangeKind.Renamed, e.FullPath, e.OldFullPath);
                watcher.Error += (_, _) => _changes.NotifyOverflow();
                watcher.EnableRaisingEvents = true;
                _watcher = watcher;
            }
            return new Unsubscriber(this, subscription);
        }
    }

    /// <summary>Stops watching the host directory, and any removal of stale temporary files under way.</summary>
    public void Dispose()
    {
        _sweep.Cancel();
        lock (_watchLock)
        {
            _watcher?.Dispose();
            _watcher = null;
            _creating.Clear();
            _changes.Clear();
        }
    }

    // The watcher runs only while someone listens.
    private void Unsubscribe(IDisposable subscription)
    {
        lock (_watchLock)
        {
            subscription.Dispose();
            if (!_changes.HasSubscribers)
            {
                _watcher?.Dispose();
                _watcher = null;
                _creating.Clear();
            }
        }
    }

    private void Raise(ChangeKind kind, string fullPath, string? oldFullPath)
    {
        if (!TryToVPath(fullPath, out var path)) return;
        VPath? old = null;
        if (oldFullPath is not null)
        {
            if (TryToVPath(oldFullPath, out var oldPath) && !IsTemp(oldFullPath)) old = oldPath;
        }
        if (IsTemp(fullPath)) return;
        // Our own atomic replace shows up as a rename from a temporary file: to a reader it is a change, or a create when
        // nothing was there before.
        if (kind == ChangeKind.Renamed && old is null)
            kind = oldFullPath is not null && _creating.TryRemove(oldFullPath, out _) ? ChangeKind.Created : ChangeKind.Changed;
        _changes.Notify(new ChangeEvent(kind, path, old));
    }

    // Called just before a replace renames its temporary file over the target; false undoes it when the rename failed.
    private void NoteReplace(string temp, string target, bool start)
    {
        if (!start) _creating.TryRemove(temp, out _);
        else if (Volatile.Read(ref _watcher) is not null && !File.Exists(target)) _creating[temp] = 0;
    }

    private static bool IsTemp(string fullPath) => Path.GetFileName(fullPath).StartsWith(TempPrefix, StringComparison.Ordinal);

    private bool TryToVPath(string fullPath, out VPath path)
    {
        path = VPath.Root;
        if (!fullPath.StartsWith(_root, StringComparison.Ordinal)) return false;
        var rest = fullPath[_root.Length..];
        if (rest.Length > 0 && rest[0] != '/') return false;
        return VPath.TryParse(rest.Length == 0 ? "/" : rest, out path, out _);
    }

    private NsEntry? Describe(string name, string host)
    {
        var file = new FileInfo(host);
        if (file.Exists)
        {
            var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
            // FIFOs, sockets and devices have no length: only an empty name needs the host's closer look.
            if (file.Length == 0 && SpecialKind(host) is { } special)
                return new NsEntry(name, special, 0, file.UnixFileMode, modified, null, _servedBy);
            return new NsEntry(name, EntryKind.File, file.Length, file.UnixFileMode, modified,
                $"\"{file.Length:x}-{modified.UtcTicks:x}\"", _servedBy);
        }
        var dir = new DirectoryInfo(host);
        if (dir.Exists)
            return new NsEntry(name, EntryKind.Directory, 0, dir.UnixFileMode, new DateTimeOffset(dir.LastWriteTimeUtc, TimeSpan.Zero), null, _servedBy);
        return null;
    }

    // Opening a FIFO waits for its other end, and a device is no file to copy: refuse before opening. (A name swapped for
    // one between this look and the open is the race noted in docs/namespace.md.)
    private static void RequireRegular(VPath path, string host)
    {
        if (SpecialKind(host) is { } special) throw NsErrors.NotRegularFile(path, special);
    }

    private static EntryKind? SpecialKind(string host) => HostFileStatus.Of(host)?.Type switch
    {
        HostFileType.Fifo => EntryKind.Fifo,
        HostFileType.Socket => EntryKind.Socket,
        HostFileType.CharacterDevice => EntryKind.CharacterDevice,
        HostFileType.BlockDevice => EntryKind.BlockDevice,
        _ => null,
    };

    private static void RequireDirectory(VPath path, string host)
    {
        if (File.Exists(host)) throw NsErrors.NotADirectory(path);
        if (!Directory.Exists(host)) throw NsErrors.NotFound(path);
    }

    // The host name of the path's last name, its parent resolved (links followed while inside the root) but the name itself
    // not; false when the parent cannot be resolved.
    private bool NameOnHost(VPath path, out string host)
    {
        host = string.Empty;
        if (path.IsRoot) return false;
        try
        {
            host = Path.Join(HostPath(path.Parent), path.Name);
            return true;
        }
        catch (NamespaceException)
        {
            return false;
        }
    }

    // Why HostPath would not follow a link: the reason without the error's "invalid path: ".
    private static string Problem(NamespaceException e) => e.Reason.EndsWith(TooManyLinks, StringComparison.Ordinal) ? TooManyLinks : LeadsOutside;

    private static bool IsLink(string host)
    {
        try
        {
            return new FileInfo(host).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    // A link shown as itself, as lstat tells it (its size is its text's), with why it is not followed; nothing of its target.
    private NsEntry LinkEntry(string name, string host, string problem)
    {
        var status = HostFileStatus.Of(host);
        var size = status?.Size ?? System.Text.Encoding.UTF8.GetByteCount(new FileInfo(host).LinkTarget ?? string.Empty);
        return new NsEntry(name, EntryKind.SymbolicLink, size, status?.Mode ?? (UnixFileMode)0b111_111_111,
            status?.ModifiedUtc ?? DateTimeOffset.UnixEpoch, null, _servedBy)
        {
            IsSymbolicLink = true,
            LinkProblem = problem,
        };
    }

    /// <summary>
    /// Maps a provider path to a real host path inside the root, following symbolic links one
    /// component at a time; a link that leads outside the root is refused.
    /// </summary>
    internal string HostPath(VPath path)
    {
        if (path.IsRoot) return _root;
        var pending = new Stack<string>(path.Segments.Reverse());
        var current = _root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var candidate = current == "/" ? "/" + segment : current + "/" + segment;
            string? target;
            try
            {
                target = new FileInfo(candidate).LinkTarget;
            }
            catch (IOException)
            {
                target = null;
            }
            if (target is null)
            {
                current = candidate;
                continue;
            }
            if (++hops > MaxLinkHops) throw NsErrors.InvalidPath(path, TooManyLinks);
            if (Path.IsPathRooted(target)) current = "/";
            foreach (var part in target.Split('/').Reverse()) pending.Push(part);
        }
        if (current != _root && !current.StartsWith(_root + "/", StringComparison.Ordinal))
            throw NsErrors.InvalidPath(path, LeadsOutside);
        return current;
    }

    private static string RealPath(string full)
    {
        var info = new DirectoryInfo(full);
        var resolved = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
        var path = resolved?.FullName ?? full;
        // Resolve links in the ancestors too, so the prefix check compares like with like.
        var parent = Path.GetDirectoryName(path);
        return parent is null ? path : Path.Join(RealPath(parent), Path.GetFileName(path));
    }

    private static T Guard<T>(VPath path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (NamespaceException)
        {
            throw;
        }
        catch (UnauthorizedAccessException e)
        {
            throw NsErrors.Unavailable(path, "permission denied", e);
        }
        catch (PathTooLongException e)
        {
            throw NsErrors.InvalidPath(path, "host path too long: " + e.Message);
        }
        catch (FileNotFoundException)
        {
            throw NsErrors.NotFound(path);
        }
        catch (DirectoryNotFoundException)
        {
            throw NsErrors.NotFound(path);
        }
        catch (IOException e)
        {
            throw NsErrors.Unavailable(path, e.Message, e);
        }
    }

    // Disposing twice is harmless: the subscription ends once, and the watcher stops when none is left.
    private sealed class Unsubscriber(LocalFileSystem owner, IDisposable subscription) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(subscription);
    }

    // What a conditional write may commit over: the version expected, or (null) nothing.
    private sealed record Condition(CacheValidator? Expected);

    private sealed class WriteStream : NsWriteStream
    {
        private readonly LocalFileSystem _owner;
        private readonly VPath _path;
        private readonly string _target;
        private readonly string? _temp;
        private readonly WriteMode _mode;
        private readonly Condition? _condition;
        private readonly FileStream _stream;
        private bool _done;

        public WriteStream(LocalFileSystem owner, VPath path, string target, WriteMode mode, Condition? condition)
        {
            _owner = owner;
            _path = path;
            _target = target;
            _mode = mode;
            _condition = condition;
            if (mode == WriteMode.Append)
            {
                _stream = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            }
            else
            {
                _temp = Path.Join(Path.GetDirectoryName(target), TempPrefix + Guid.NewGuid().ToString("N"));
                var options = new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    BufferSize = 64 * 1024,
                    Options = FileOptions.Asynchronous,
                };
                // The new content is no more readable while it is written than the old content was.
                if (!OperatingSystem.IsWindows() && HostFileStatus.Of(target) is { Type: HostFileType.Regular } old)
                    options.UnixCreateMode = old.Mode & PermissionBits;
                _stream = new FileStream(_temp, options);
            }
        }

        public override long Length => _stream.Length;
        public override void Flush() => _stream.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _stream.FlushAsync(cancellationToken);
        public override void Write(byte[] buffer, int offset, int count) => _stream.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _stream.Write(buffer);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _stream.WriteAsync(buffer, offset, count, cancellationToken);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _stream.WriteAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_done)
            {
                _done = true;
                Finish();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            if (!_done)
            {
                _done = true;
                if (!Aborted) await _stream.FlushAsync().ConfigureAwait(false);
                Finish();
            }
            await base.DisposeAsync().ConfigureAwait(false);
        }

        // The replace makes a new file: it gets the owner and mode of the one it replaces, as they are now. The owner
        // first, since changing it clears set-user-id bits. Only root may give a file away; anyone else's replace
        // leaves their own file, as an editor's save does.
        private static void KeepOwnerAndMode(string temp, string target)
        {
            if (OperatingSystem.IsWindows() || HostFileStatus.Of(target) is not { Type: HostFileType.Regular } old) return;
            if (HostFileStatus.Of(temp) is { } made && (made.UserId != old.UserId || made.GroupId != old.GroupId)) HostFileStatus.TrySetOwner(temp, old);
            File.SetUnixFileMode(temp, old.Mode);
        }

        private void Finish()
        {
            try
            {
                if (!Aborted) _stream.Flush(flushToDisk: true);
            }
            finally
            {
                _stream.Dispose();
            }
            if (_temp is null) return;
            if (Aborted)
            {
                File.Delete(_temp);
                return;
            }
            // Without a file there to replace, the rename must not replace one that appeared meanwhile.
            var createOnly = _mode == WriteMode.CreateNew || _condition is { Expected: null };
            Guard(_path, () =>
            {
                try
                {
                    if (Directory.Exists(_target)) throw NsErrors.IsADirectory(_path);
                    if (_condition is not null) ConditionalChecks.ForWrite(_path, _owner.Describe(_path.Name, _target), _condition.Expected);
                    KeepOwnerAndMode(_temp, _target);
                    _owner.NoteReplace(_temp, _target, start: true);
                    File.Move(_temp, _target, overwrite: !createOnly);
                }
                catch (IOException) when (createOnly && File.Exists(_target))
                {
                    _owner.NoteReplace(_temp, _target, start: false);
                    File.Delete(_temp);
                    throw _condition is null ? NsErrors.Exists(_path) : ConditionalChecks.CreatedMeanwhile(_path);
                }
                catch
                {
                    _owner.NoteReplace(_temp, _target, start: false);
                    File.Delete(_temp);
                    throw;
                }
                return 0;
            });
        }
    }
}
