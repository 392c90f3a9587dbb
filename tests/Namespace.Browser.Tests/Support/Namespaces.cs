using Namespace.Caching;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;

namespace Namespace.Browser.Tests.Support;

/// <summary>memfs namespaces to browse.</summary>
public static class Namespaces
{
    /// <summary>A memfs at / holding <paramref name="files"/> (path, text).</summary>
    public static async Task<VirtualOS> WithFilesAsync(params (string Path, string Text)[] files)
    {
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/", MemoryFileSystem.FromFiles("demo", files.Select(f => KeyValuePair.Create(f.Path, f.Text))));
        return os;
    }

    /// <summary>
    /// /union: a writable memfs (-c, holding notes.txt) in front of a read-only one (holding readme.txt and docs/),
    /// over a memfs root holding big/ with <paramref name="bigFiles"/> files.
    /// </summary>
    public static async Task<VirtualOS> DemoAsync(int bigFiles = 0)
    {
        var os = new VirtualOS(new CacheLayer());
        var root = MemoryFileSystem.FromFiles("demo", Enumerable.Range(0, bigFiles).Select(i => KeyValuePair.Create($"/big/f{i:D5}.txt", $"file {i}\n")));
        await os.MountAsync("/", root);
        await os.CreateDirectoryAsync("/big", parents: true);
        await os.MountAsync("/union", MemoryFileSystem.FromFiles("base", [KeyValuePair.Create("/readme.txt", "read me\nsecond line\n"), KeyValuePair.Create("/docs/a.md", "# a\n")]),
            new BindOptions(Options: [KeyValuePair.Create("ro", "")]));
        await os.MountAsync("/union", MemoryFileSystem.FromFiles("scratch", [KeyValuePair.Create("/notes.txt", "my notes\n")]), new BindOptions(BindPosition.Before, Create: true));
        return os;
    }
}
