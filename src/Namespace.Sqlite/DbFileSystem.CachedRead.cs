using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Sqlite.Storage;

namespace Namespace.Sqlite;

// The warm-read path of a cache element: record and content in one query, inside the read transaction the stream keeps.
public sealed partial class DbFileSystem
{
    /// <inheritdoc/>
    public async ValueTask<CachedFile?> OpenCachedAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var (session, found) = await _db.BeginReadAsync(path, s =>
        {
            using var reader = s.Command(Sql.OpenCached, ("$path", path.Value)).ExecuteReader();
            if (!reader.Read()) return default((CacheRecord Record, long Content, long Size, int ChunkSize, long? FirstChunk)?);
            return (_accessLog.Merge(path, ToRecord(reader, 0)), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetInt64(13));
        }, cancellationToken).ConfigureAwait(false);
        if (found is not { } file)
        {
            _db.Return(session);
            return null;
        }
        if (file.Record.Partial)
        {
            _db.Return(session);
            return new CachedFile(file.Record, Stream.Null);
        }
        return new CachedFile(file.Record, new DbReadStream(_db, session, path, file.Content, file.Size, file.ChunkSize, file.FirstChunk));
    }
}
