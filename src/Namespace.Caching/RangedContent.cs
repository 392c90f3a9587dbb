namespace Namespace.Caching;

/// <summary>The rules of ranged content every <see cref="ICacheStore"/> keeps (see <see cref="ICacheContent.WriteRangeAsync"/>), in one place.</summary>
public static class RangedContent
{
    /// <summary>How many blocks of <paramref name="blockSize"/> bytes a file of <paramref name="size"/> bytes has.</summary>
    public static long BlockCount(long size, int blockSize) => (size + blockSize - 1) / blockSize;

    /// <summary>Refuses a ranged fill that is not whole blocks of a file of <paramref name="size"/> bytes.</summary>
    /// <exception cref="ArgumentException">Not on a block boundary, not whole blocks, past the file's end, or empty.</exception>
    public static void CheckWrite(int blockSize, long size, long offset, long length)
    {
        if (offset < 0 || offset % blockSize != 0)
            throw new ArgumentException($"a ranged fill starts on a block boundary (a multiple of {blockSize}), not at {offset}", nameof(offset));
        if (length == 0 && size > 0 || offset + length > size)
            throw new ArgumentException($"{length} bytes at {offset} are not a range of a file of {size} bytes", nameof(length));
        if (length % blockSize != 0 && offset + length != size)
            throw new ArgumentException($"a ranged fill is whole blocks of {blockSize} bytes, or ends at the file's end ({size}); {length} bytes at {offset} is neither", nameof(length));
    }

    /// <summary>The ranges that blocks held make, merged: <paramref name="blocks"/> is each block's index and length, in order.</summary>
    public static IReadOnlyList<ByteRange> Merge(IEnumerable<(long Index, long Length)> blocks, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var ranges = new List<ByteRange>();
        foreach (var (index, length) in blocks)
        {
            var start = index * blockSize;
            if (ranges.Count > 0 && ranges[^1].End == start) ranges[^1] = ranges[^1] with { Length = ranges[^1].Length + length };
            else ranges.Add(new ByteRange(start, length));
        }
        return ranges;
    }
}
