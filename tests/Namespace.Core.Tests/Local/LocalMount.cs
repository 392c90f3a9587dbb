using Namespace.Core.Local;
using Namespace.Core.Namespaces;
using Namespace.Testing;

namespace Namespace.Core.Tests.Local;

/// <summary>A fresh host directory served by localfs at <c>/x</c> of a namespace of its own; disposing removes both.</summary>
internal sealed class LocalMount : IDisposable
{
    private LocalMount(TempDirectory dir, LocalFileSystem fs, VirtualOS os)
    {
        Dir = dir;
        Fs = fs;
        Os = os;
    }

    public TempDirectory Dir { get; }

    public LocalFileSystem Fs { get; }

    public VirtualOS Os { get; }

    /// <summary>Mounts a new temp directory, after <paramref name="prepare"/> has put what the test needs in it.</summary>
    public static async Task<LocalMount> StartAsync(Action<TempDirectory>? prepare = null)
    {
        var dir = new TempDirectory();
        prepare?.Invoke(dir);
        var fs = new LocalFileSystem(dir.Path);
        var os = new VirtualOS();
        await os.MountAsync("/x", fs);
        return new LocalMount(dir, fs, os);
    }

    public void Dispose()
    {
        Fs.Dispose();
        Dir.Dispose();
    }
}
