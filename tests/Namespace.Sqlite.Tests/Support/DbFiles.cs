using System.Text;
using Namespace.Caching;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Sqlite.Tests.Support;

/// <summary>Small helpers for driving a <see cref="DbFileSystem"/> directly.</summary>
public static class DbFiles
{
    public static async Task<DbFileSystem> OpenAsync(string file, DbOpenOptions? options = null) =>
        (await DbFileSystem.OpenAsync(file, options)).FileSystem;

    public static async Task WriteAsync(this IFileProvider fs, string path, string text, WriteMode mode = WriteMode.Replace) =>
        await fs.WriteAsync(path, Encoding.UTF8.GetBytes(text), mode);

    public static async Task WriteAsync(this IFileProvider fs, string path, byte[] content, WriteMode mode = WriteMode.Replace)
    {
        await using var stream = await fs.OpenWriteAsync(VPath.Parse(path), mode);
        await stream.WriteAsync(content);
    }

    public static async Task<byte[]> ReadBytesAsync(this IFileProvider fs, string path)
    {
        await using var stream = await fs.OpenReadAsync(VPath.Parse(path));
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public static async Task<string> ReadTextAsync(this IFileProvider fs, string path) =>
        Encoding.UTF8.GetString(await fs.ReadBytesAsync(path));

    /// <summary>The content of the cache's copy at <paramref name="path"/> (not of a file of the tree).</summary>
    public static async Task<string> ReadCachedTextAsync(this ICacheStore store, string path)
    {
        var cached = await store.OpenCachedAsync(VPath.Parse(path)) ?? throw new AssertFailedException($"{path}: no cached copy");
        await using var content = cached.Content;
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Keeps <paramref name="text"/> as the cache's copy at <paramref name="path"/>, with <paramref name="record"/>.</summary>
    public static async Task FillAsync(this ICacheStore store, string path, string text, CacheRecord record)
    {
        await using var fill = await store.OpenFillAsync(VPath.Parse(path), record);
        await fill.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    public static async Task<List<string>> NamesAsync(this IFileProvider fs, string path)
    {
        var names = new List<string>();
        await foreach (var e in fs.ListAsync(VPath.Parse(path))) names.Add(e.IsDirectory ? e.Name + "/" : e.Name);
        return names;
    }

    public static ValueTask MkdirAsync(this IFileProvider fs, string path) => fs.CreateDirectoryAsync(VPath.Parse(path));

    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
