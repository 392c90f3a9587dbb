using System.Text;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>
/// What the contract suites of a cache store share: a fresh, empty store (a store's test class says how to make one) and
/// the records and copies the tests put in it. The suites: <see cref="CacheIndexContractTests"/> (records, listings,
/// counters, access times, what eviction and purge drop) and <see cref="CacheContentContractTests"/> (whole and ranged
/// copies); a store that is also a file system runs <see cref="CacheStoreBesideFilesContractTests"/> too.
/// </summary>
public abstract class CacheStoreContractBase
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<ICacheStore> CreateStoreAsync();

    protected static VPath P(string path) => VPath.Parse(path);

    protected static CacheRecord Fetched(long size, string? etag = "\"o1\"", DateTimeOffset? validated = null, bool dirty = false) =>
        new(EntryKind.File, size, etag, T0.AddDays(-1), validated ?? T0, T0, T0, 0, dirty);

    // A copy written through the cache, before the origin's version is known (validated long ago: stale, yet the cache's own).
    protected static CacheRecord Written(long size) =>
        new(EntryKind.File, size, null, null, DateTimeOffset.MinValue, T0, T0, 0, false);

    protected static CacheRecord Dir(DateTimeOffset? validated = null) =>
        new(EntryKind.Directory, 0, null, null, validated ?? T0, T0, T0, 0, false);

    protected static async Task FillAsync(ICacheStore store, string path, string text, CacheRecord? record = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await using var stream = await store.OpenFillAsync(P(path), record ?? Fetched(bytes.Length));
        await stream.WriteAsync(bytes);
    }

    protected static async Task<string> ReadAsync(ICacheStore store, string path)
    {
        var cached = await store.OpenCachedAsync(P(path)) ?? throw new AssertFailedException($"{path}: no cached file");
        await using var stream = cached.Content;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    protected static async Task<List<string>> ScanAsync(ICacheStore store, string path, bool recursive)
    {
        var paths = new List<string>();
        await foreach (var e in store.ScanAsync(P(path), recursive)) paths.Add(e.Record.Kind == EntryKind.Directory ? e.Path.Value + "/" : e.Path.Value);
        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    protected static NsEntry Entry(string name, EntryKind kind = EntryKind.File, long size = 1, string? etag = "\"e\"") =>
        new(name, kind, kind == EntryKind.Directory ? 0 : size,
            kind == EntryKind.Directory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100, T0.AddSeconds(size), kind == EntryKind.Directory ? null : etag, "origin");
}
