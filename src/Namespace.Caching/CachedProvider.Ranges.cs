using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Caching;

// Ranges: a large file (more than RangedBlocks blocks), from an origin that opens ranges, is read by the block
// (RangedReadStream) and kept as a ranged copy: only what readers read, plus read-ahead, is fetched (docs/caching.md,
// "Large files"). A smaller file is fetched whole and copied into the cache as it is read. A file of unknown size is
// asked for by its first block, so a large one is never sent whole to a reader that wants a part of it.
internal sealed partial class CachedProvider
{
    /// <summary>A file of more than this many blocks (16 MiB with dbfs's 1 MiB) is read by the range.</summary>
    internal const int RangedBlocks = RangedReadStream.MaxWindowBlocks;

    // The origin must name the version (an ETag) so every range can be asked for of it.
    private bool ReadsByRange(NsEntry entry) =>
        Origin.OpensRanges && entry is { Kind: EntryKind.File, SizeUnknown: false, ETag: not null } && entry.Size > (long)RangedBlocks * _store.BlockSize;

    private bool ReadsByRange(CacheRecord record) => Origin.OpensRanges && record.OriginETag is not null;

    // The record of a copy of what the origin just described.
    private CacheRecord CopyOf(NsEntry entry)
    {
        var now = _runtime.Now;
        return new CacheRecord(EntryKind.File, entry.Size, entry.ETag, entry.ModifiedUtc, now, now, now, 1, Dirty: false);
    }

    private RangedReadStream Ranged(VPath path, CacheRecord version, byte[]? firstBlock = null) => new(this, path, Cached(path), version, _store.BlockSize, firstBlock);

    // Opens a file from its start over an origin that opens ranges, asking for its first block only (with ifChanged, only
    // if it is no longer that version: null when it is): a large file is then never sent whole to a reader that wants a
    // part of it, and nothing the origin sends is thrown away. The caller holds the flight of the path.
    private ValueTask<(NsEntry Entry, Stream Content, bool Whole)?> OpenStartAsync(VPath path, CacheValidator? ifChanged, CancellationToken cancellationToken) =>
        Origin.OpenStartAsync(path, _store.BlockSize, ifChanged, cancellationToken);

    /// <summary>
    /// What a reader gets of a file <see cref="OpenStartAsync"/> opened: the whole file the origin sent, copied into the
    /// cache as it is read; for a large file, its first block kept as a range and the rest read by the range; for a file
    /// of a few blocks, the first block and then the rest, asked for of the same version in a second request, copied into
    /// the cache as one. Lands the flight when it does not hand it on.
    /// </summary>
    private async ValueTask<Stream> ReadFromStartAsync(VPath path, (NsEntry Entry, Stream Content, bool Whole) opened, CacheHost.Flight flight, bool checkNow, CancellationToken cancellationToken)
    {
        var cachePath = Cached(path);
        var (entry, content, whole) = opened;
        for (var attempt = 1; !whole; attempt++)
        {
            if (entry.SizeUnknown)
            {
                // A part whose answer did not tell the file's size: of no use; the file is asked for whole.
                await content.DisposeAsync().ConfigureAwait(false);
                (entry, content) = await Origin.OpenReadWithEntryAsync(path, cancellationToken).ConfigureAwait(false);
                break;
            }
            if (ReadsByRange(entry)) return await FirstBlockAsync(path, entry, content, flight, cancellationToken).ConfigureAwait(false);
            var first = content.Length;
            try
            {
                // Opened here, so a change since the first block is a Conflict now, while the read can still start again.
                var rest = await OpenOriginRangeAsync(path, entry, first, entry.Size - first, cancellationToken).ConfigureAwait(false);
                content = new ConcatenatedReadStream(content, ReadOrigin(path, entry, rest, first, entry.Size));
                break;
            }
            catch (NamespaceException ex) when (ex.Kind == NsErrorKind.Conflict && attempt < 3)
            {
                // Changed since its first block was sent: start again.
                await content.DisposeAsync().ConfigureAwait(false);
                (entry, content, whole) = await OpenStartAsync(path, null, cancellationToken).ConfigureAwait(false) ?? throw NsErrors.NotFound(path);
            }
            catch
            {
                await content.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        _runtime.Count(new CacheCounters(0, Misses: 1, 0, 0, 0, 0, 0));
        return await TeeIntoCacheAsync(cachePath, entry, content, flight, cancellationToken, checkNow).ConfigureAwait(false);
    }

    // The first block of a large file, as the origin sent it: kept as a range of the copy (unless a change came meanwhile)
    // and handed to the reader, who reads the rest by the range.
    private async ValueTask<Stream> FirstBlockAsync(VPath path, NsEntry entry, Stream content, CacheHost.Flight flight, CancellationToken cancellationToken)
    {
        var version = CopyOf(entry);
        var block = new byte[Math.Min(_store.BlockSize, entry.Size)];
        // A server that cuts ranges short sent less than a block: the rest of it is asked for, of the same version.
        await ReadOriginAsync(path, entry, content, 0, block, cancellationToken).ConfigureAwait(false);
        _runtime.Count(new CacheCounters(0, Misses: 1, 0, 0, 0, BytesFetched: block.Length, 0));
        // The flight saw every change since the request; the fetch sees those from here. Landed before the block is kept,
        // so nobody waits for the store to take it.
        using var fetch = _runtime.BeginRangedFetch(Cached(path));
        flight.Land();
        await KeepRangeAsync(Cached(path), version, 0, block, () => flight.Spoiled || fetch.Spoiled).ConfigureAwait(false);
        return Ranged(path, version, block);
    }

    // A ranged copy opened from the store: served by the range when the origin can fill what is missing; null otherwise
    // (the caller fetches the whole file, which replaces the ranged copy).
    private async ValueTask<Stream?> OpenRangedCopyAsync(VPath path, CachedFile file)
    {
        await file.Content.DisposeAsync().ConfigureAwait(false);
        if (!ReadsByRange(file.Record)) return null;
        Served(path, 0);
        return Ranged(path, file.Record);
    }

    /// <summary>Reads a whole block of the copy <paramref name="version"/> describes from the store; false when it does not hold it (or fails).</summary>
    internal async ValueTask<bool> ReadBlockAsync(VPath cachePath, CacheRecord version, long offset, Memory<byte> block, CancellationToken cancellationToken)
    {
        try
        {
            for (var got = 0; got < block.Length;)
            {
                var n = await _store.ReadRangeAsync(cachePath, version, offset + got, block[got..], cancellationToken).ConfigureAwait(false);
                if (n is not > 0) return false;
                got += n.Value;
            }
        }
        catch (NamespaceException)
        {
            CountError();
            return false;
        }
        _runtime.Count(new CacheCounters(0, 0, 0, 0, 0, 0, BytesServed: block.Length));
        return true;
    }

    /// <summary>
    /// Fills <paramref name="into"/> with the origin's bytes at <paramref name="offset"/> of the version the reader reads,
    /// and keeps them as ranges of that copy. The origin's Conflict (the file changed) or NotFound drops the copy and is
    /// the reader's error; a failing store is only counted.
    /// </summary>
    internal async ValueTask FetchRangeAsync(VPath path, VPath cachePath, CacheRecord version, NsEntry originVersion, long offset, Memory<byte> into, CancellationToken cancellationToken)
    {
        // Begun before the origin is asked: a write through the cache or a change event from now on spoils what it brings.
        using var fetch = _runtime.BeginRangedFetch(cachePath);
        try
        {
            await ReadOriginAsync(path, originVersion, Stream.Null, offset, into, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex) when (IsTransient(ex))
        {
            CountError();
            throw;
        }
        _runtime.Count(new CacheCounters(0, Misses: 1, 0, 0, 0, BytesFetched: into.Length, 0));
        await KeepRangeAsync(cachePath, version, offset, into, () => fetch.Spoiled).ConfigureAwait(false);
    }

    // The origin's bytes of originVersion from offset to end: first, then as many more answers as a server that cuts
    // ranges short takes (see OriginRangeReadStream).
    private OriginRangeReadStream ReadOrigin(VPath path, NsEntry originVersion, Stream first, long offset, long end) =>
        new(path, first, (at, length, ct) => OpenOriginRangeAsync(path, originVersion, at, length, ct), offset, end);

    // Fills into with the origin's bytes of originVersion at offset, starting with what first sends. The origin's
    // Conflict (the file changed) or NotFound drops the copy and is the reader's error.
    private async ValueTask ReadOriginAsync(VPath path, NsEntry originVersion, Stream first, long offset, Memory<byte> into, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = ReadOrigin(path, originVersion, first, offset, offset + into.Length);
            await stream.ReadExactlyAsync(into, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex) when (ex.Kind is NsErrorKind.Conflict or NsErrorKind.NotFound)
        {
            await ForgetAsync(path).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<Stream> OpenOriginRangeAsync(VPath path, NsEntry originVersion, long offset, long length, CancellationToken cancellationToken) =>
        (await Origin.OpenRangeAsync(path, offset, length, originVersion, cancellationToken).ConfigureAwait(false)).Content;

    // Keeps the bytes of a fetch unless the path changed since it began (they are the old version's, and the store may
    // already hold the new one); spoiled while being kept, whoever spoiled it may have dropped the path just before, so
    // what was kept goes.
    private async Task KeepRangeAsync(VPath cachePath, CacheRecord version, long offset, ReadOnlyMemory<byte> bytes, Func<bool> spoiled)
    {
        if (spoiled()) return;
        var kept = false;
        await QuietlyAsync(async () =>
        {
            await _store.WriteRangeAsync(cachePath, version, offset, bytes).ConfigureAwait(false);
            kept = true;
        }).ConfigureAwait(false);
        if (kept && spoiled())
        {
            await DropSpoiledAsync(cachePath).ConfigureAwait(false);
            return;
        }
        if (kept) await EnforceLimitsAsync(cachePath, new CacheUsage(0, bytes.Length)).ConfigureAwait(false);
    }
}
