using System.Net;
using System.Net.Sockets;
using Namespace.Caching;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;
using Namespace.Http.Client;

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

    /// <summary>
    /// /o: a write-back element (in memory, <paramref name="delay"/> before uploads) over <paramref name="origin"/>, or by
    /// default a memfs holding f.txt (read through once, so its base is known); /raw: the same origin without the cache
    /// (another client).
    /// </summary>
    public static async Task<VirtualOS> WriteBackAsync(string delay = "1h", IFileProvider? origin = null)
    {
        var os = new VirtualOS(new CacheLayer());
        await os.MountAsync("/", new MemoryFileSystem("root"));
        await os.CreateDirectoryAsync("/o");
        await os.CreateDirectoryAsync("/raw");
        var withBase = origin is null;
        origin ??= MemoryFileSystem.FromFiles("origin", [KeyValuePair.Create("/f.txt", "base\n")]);
        await os.MountAsync("/o", origin);
        await os.MountAsync("/raw", origin);
        await os.MountAsync("/o", new MemoryFileSystem("cache"), new BindOptions(BindPosition.Before, Cache: true,
            Options: [KeyValuePair.Create("mode", "writeback"), KeyValuePair.Create("delay", delay)]));
        if (withBase) await os.ReadAllTextAsync("/o/f.txt");
        return os;
    }

    /// <summary>An http origin that does not answer: its port was just let go, so a connection is refused (a transient error, retried).</summary>
    public static async Task<IFileProvider> DownOriginAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return await HttpFileSystem.ConnectAsync(new Uri($"http://127.0.0.1:{port}/"));
    }
}
