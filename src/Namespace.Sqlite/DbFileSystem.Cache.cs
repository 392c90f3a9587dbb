using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Sqlite.Storage;

namespace Namespace.Sqlite;

// The per-entry origin metadata cache elements keep in the same database as the content.
public sealed partial class DbFileSystem
{
    /// <summary>The cache metadata of the entry at <paramref name="path"/>, or null when nothing is there.</summary>
    /// <exception cref="NamespaceException">Unavailable when the database fails.</exception>
    public ValueTask<DbCacheMetadata?> GetCacheMetadataAsync(VPath path, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(path, s =>
        {
            using var reader = s.Command(Sql.ReadMetadata, ("$path", path.Value)).ExecuteReader();
            if (!reader.Read()) return null;
            return new DbCacheMetadata(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
                reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                reader.GetInt64(4) != 0);
        }, cancellationToken);

    /// <summary>Replaces the cache metadata of the entry at <paramref name="path"/> (its content and modification time stay as they are).</summary>
    /// <exception cref="NamespaceException">NotFound, or Unavailable when the database fails.</exception>
    public async ValueTask SetCacheMetadataAsync(VPath path, DbCacheMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        await _db.WriteAsync(path, s =>
        {
            WriteMetadata(s, path, metadata);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a file for writing like <see cref="OpenWriteAsync(VPath, WriteMode, CancellationToken)"/>, and sets its
    /// cache metadata in the same transaction that commits the content: a crash leaves either the old content
    /// with the old metadata or the new content with <paramref name="metadata"/>.
    /// </summary>
    /// <exception cref="NamespaceException">As <see cref="OpenWriteAsync(VPath, WriteMode, CancellationToken)"/>.</exception>
    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, DbCacheMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (path.IsRoot) throw NsErrors.IsADirectory(path);
        return OpenWriteCoreAsync(path, mode, metadata, cancellationToken);
    }

    /// <summary>How many entries hold changes not yet written to their origin.</summary>
    /// <exception cref="NamespaceException">Unavailable when the database fails.</exception>
    public ValueTask<long> CountDirtyAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync(VPath.Root, s => s.ScalarInt64(Sql.CountDirty)!.Value, cancellationToken);

    internal static void WriteMetadata(DbSession s, VPath path, DbCacheMetadata metadata)
    {
        var changed = s.Execute(Sql.WriteMetadata,
            ("$path", path.Value),
            ("$etag", metadata.OriginETag),
            ("$size", metadata.OriginSize),
            ("$mtime", metadata.OriginModifiedUtc?.UtcTicks),
            ("$validated", metadata.ValidatedUtc?.UtcTicks),
            ("$dirty", metadata.Dirty ? 1 : 0));
        if (changed == 0) throw NsErrors.NotFound(path);
    }
}
