using Namespace.Core.Local;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;

namespace Namespace.Shell.Execution;

/// <summary>Registers the mount types Namespace.Core provides: <c>mem</c> (SOURCE is a label) and <c>local</c> (SOURCE is a host directory).</summary>
public static class CoreMountTypes
{
    /// <summary>Adds <c>mem</c> and <c>local</c> to <paramref name="registry"/>.</summary>
    public static MountTypeRegistry AddCoreTypes(this MountTypeRegistry registry)
    {
        registry.Register("mem", request => ValueTask.FromResult<Core.Providers.IFileProvider>(new MemoryFileSystem(request.Source)));
        registry.Register("local", request =>
        {
            var fs = new LocalFileSystem(Path.GetFullPath(request.Source, request.HostDirectory));
            // What writers killed mid-write left behind goes, in the background; a read-only mount changes nothing.
            if (!request.Options.Any(o => o.Key == UnionElement.ReadOnlyOption)) fs.StartRemovingStaleTemporaryFiles();
            return ValueTask.FromResult<Core.Providers.IFileProvider>(fs);
        });
        return registry;
    }
}
