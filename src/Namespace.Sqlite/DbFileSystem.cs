using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Sqlite.Storage;

namespace Namespace.Sqlite;

/// <summary>
/// dbfs: a provider that keeps a file tree in one SQLite database file (<c>mount -t db FILE /path</c>).
/// Several processes may share the file: SQLite's WAL lets readers go on while one writer commits,
/// waits for locks are bounded by <see cref="DbOpenOptions.BusyTimeout"/>, and every change is one short
/// transaction. File content is streamed in and out in chunks, never held whole in memory; a write
/// becomes visible atomically when its stream is disposed. Change notifications cover changes made
/// through this instance. Open one with <see cref="OpenAsync"/>.
/// </summary>
public sealed partial class DbFileSystem : IFileProvider, IAsyncDisposable
{
    internal const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    internal const UnixFileMode DirMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const int FileKind = 0;
    private const int DirKind = 1;

    private readonly DbConnections _db;
    private readonly DbOpenOptions _options;
    private readonly TimeProvider _time;
    private readonly string _servedBy;
    private readonly ChangeNotifier _changes = new();

    private DbFileSystem(DbConnections db, DbOpenOptions options)
    {
        _db = db;
        _options = options;
        _time = options.Time ?? TimeProvider.System;
        Source = new MountSource("db", db.File);
        _servedBy = Source.ToString();
    }

    /// <summary>The database file (full path).</summary>
    public string DatabasePath => _db.File;

    /// <inheritdoc/>
    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.Read | ProviderCapabilities.Write | ProviderCapabilities.Mutate | ProviderCapabilities.Watch | ProviderCapabilities.Ranges;

    /// <inheritdoc/>
    public MountSource Source { get; }

    internal DbConnections Connections => _db;

    internal int ChunkSize => _options.ChunkSize;

    internal long NowTicks => _time.GetUtcNow().UtcTicks;

    /// <inheritdoc/>
    public ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(path, s => Stat(s, path), cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<NsEntry> ListAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One snapshot for the whole listing: the directory check and the rows agree even while others write.
        var (session, reader) = await _db.BeginReadAsync(path, s =>
        {
            switch (KindOf(s, path))
            {
                case null: throw NsErrors.NotFound(path);
                case FileKind: throw NsErrors.NotADirectory(path);
            }
            return s.Command(Sql.List, ("$parent", path.Value)).ExecuteReader();
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = _db.Guard(path, () => reader.Read() ? ToEntry(reader.GetString(0), reader, 1) : null);
                if (entry is null) yield break;
                yield return entry;
            }
        }
        finally
        {
            reader.Dispose();
            _db.Return(session);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var (session, content) = await _db.BeginReadAsync(path, s =>
        {
            using var reader = s.Command(Sql.OpenContent, ("$path", path.Value)).ExecuteReader();
            if (!reader.Read()) throw NsErrors.NotFound(path);
            if (reader.GetInt32(0) == DirKind) throw NsErrors.IsADirectory(path);
            return (Id: reader.GetInt64(1), Size: reader.GetInt64(2), ChunkSize: reader.GetInt32(3));
        }, cancellationToken).ConfigureAwait(false);
        return new DbReadStream(_db, session, path, content.Id, content.Size, content.ChunkSize);
    }

    /// <inheritdoc/>
    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForWrite(path);
        return OpenWriteCoreAsync(path, mode, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForCreateDirectory(path);
        await _db.WriteAsync(path, s =>
        {
            RequireDirectory(s, path.Parent);
            if (KindOf(s, path) is not null) throw NsErrors.Exists(path);
            var now = NowTicks;
            s.Execute(Sql.InsertDirectory, ("$path", path.Value), ("$parent", path.Parent.Value), ("$name", path.Name), ("$mode", (int)DirMode), ("$now", now));
            Touch(s, path.Parent, now);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        Notify(new ChangeEvent(ChangeKind.Created, path));
    }

    /// <inheritdoc/>
    public async ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default)
    {
        ProviderChecks.ForDelete(path);
        await _db.WriteAsync(path, s =>
        {
            var kind = KindOf(s, path) ?? throw NsErrors.NotFound(path);
            if (kind == DirKind && !recursive && HasChildren(s, path)) throw NsErrors.NotEmpty(path);
            var (low, high) = SubtreeBounds(path);
            s.Execute(Sql.DeleteTree, ("$path", path.Value), ("$low", low), ("$high", high));
            Touch(s, path.Parent, NowTicks);
            DbConnections.Reclaim(s);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        Notify(new ChangeEvent(ChangeKind.Deleted, path));
    }

    /// <inheritdoc/>
    public async ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default)
    {
        if (!ProviderChecks.ForMove(from, to)) return;
        await _db.WriteAsync(from, s =>
        {
            var kind = KindOf(s, from) ?? throw NsErrors.NotFound(from);
            RequireDirectory(s, to.Parent);
            switch (KindOf(s, to))
            {
                case DirKind when kind == FileKind:
                    throw NsErrors.IsADirectory(to);
                case DirKind when HasChildren(s, to):
                    throw NsErrors.NotEmpty(to);
                case FileKind when kind == DirKind:
                    throw NsErrors.NotADirectory(to);
                case not null:
                    s.Execute(Sql.DeleteOne, ("$path", to.Value));
                    break;
            }
            var (low, high) = SubtreeBounds(from);
            s.Execute(Sql.MoveTree,
                ("$from", from.Value), ("$to", to.Value), ("$toParent", to.Parent.Value), ("$toName", to.Name),
                ("$low", low), ("$high", high));
            var now = NowTicks;
            Touch(s, from.Parent, now);
            Touch(s, to.Parent, now);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        Notify(new ChangeEvent(ChangeKind.Renamed, to, from));
    }

    /// <inheritdoc/>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange) => _changes.Subscribe(path, onChange);

    /// <summary>
    /// Commits the cache copies held to be committed together (<see cref="DbOpenOptions.GatherWindow"/>) at once, writes
    /// the reads still waiting (<see cref="MaxPendingTouches"/>), moves what the WAL holds into the database file (so the file
    /// alone holds every commit, even while other processes have it open) and closes the database's idle connections;
    /// streams still open close theirs when disposed. If the reads cannot be written (the database failed) they are lost.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _changes.Clear();
        await _db.CommitWaitingAsync().ConfigureAwait(false);
        try
        {
            await FlushTouchesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NamespaceException)
        {
            // Access statistics only; closing must not fail because of them.
        }
        _db.Dispose();
    }

    internal void Notify(ChangeEvent change) => _changes.Notify(change);

    internal static string NewETag() => $"\"{RandomNumberGenerator.GetHexString(16, lowercase: true)}\"";

    internal static int? KindOf(DbSession s, VPath path) => (int?)s.ScalarInt64(Sql.Kind, ("$path", path.Value));

    internal static void RequireDirectory(DbSession s, VPath path)
    {
        switch (KindOf(s, path))
        {
            case null: throw NsErrors.NotFound(path);
            case FileKind: throw NsErrors.NotADirectory(path);
        }
    }

    internal static void Touch(DbSession s, VPath directory, long now) =>
        s.Execute(Sql.Touch, ("$path", directory.Value), ("$now", now));

    private async ValueTask<NsWriteStream> OpenWriteCoreAsync(VPath path, WriteMode mode, CancellationToken cancellationToken)
    {
        if (mode == WriteMode.Append)
        {
            var append = new DbWriteStream(this, path, mode, _options.ChunkSize, fill: null);
            try
            {
                await append.StartAppendAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                append.Abort();
                await append.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            return append;
        }
        await _db.ReadAsync(path, s =>
        {
            RequireDirectory(s, path.Parent);
            switch (KindOf(s, path))
            {
                case DirKind: throw NsErrors.IsADirectory(path);
                case FileKind when mode == WriteMode.CreateNew: throw NsErrors.Exists(path);
            }
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return new DbWriteStream(this, path, mode, _options.ChunkSize, fill: null);
    }

    private NsEntry? Stat(DbSession s, VPath path)
    {
        using var reader = s.Command(Sql.Stat, ("$path", path.Value)).ExecuteReader();
        return reader.Read() ? ToEntry(path.Name, reader, 0) : null;
    }

    private NsEntry ToEntry(string name, SqliteDataReader reader, int first) => ToEntry(name, new DbReaderRow(reader), first);

    private NsEntry ToEntry<TRow>(string name, TRow row, int first) where TRow : IDbRow => new(
        name,
        row.Int64(first) == DirKind ? EntryKind.Directory : EntryKind.File,
        row.Int64(first + 1),
        (UnixFileMode)row.Int64(first + 2),
        new DateTimeOffset(row.Int64(first + 3), TimeSpan.Zero),
        row.Text(first + 4),
        _servedBy);

    private static bool HasChildren(DbSession s, VPath path) => s.Scalar(Sql.HasChildren, ("$path", path.Value)) is not null;

    // Everything strictly below `path` sorts between "path/" and "path0" ('0' follows '/'): an index range, no LIKE.
    // Below the root is every path but "/" itself.
    private static (string Low, string High) SubtreeBounds(VPath path) => path.IsRoot ? ("/", "0") : (path.Value + "/", path.Value + "0");
}
