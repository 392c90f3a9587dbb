using Namespace.Core.Local;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;

namespace Namespace.Nsh;

/// <summary>The demo namespace of namespace.rc, built with the embedding API, and a short tour of it.</summary>
internal static class Demo
{
    public static async Task<int> RunAsync(TextWriter output, string repoDirectory)
    {
        var os = new VirtualOS();
        await os.MountAsync("/", new MemoryFileSystem("demo"));
        await os.CreateDirectoryAsync("/tmp");
        await os.MountAsync("/tutorials", new ReadOnlyFileProvider(new LocalFileSystem(Path.Combine(repoDirectory, "tutorials"))));
        await os.MountAsync("/tutorials", new MemoryFileSystem("scratch"), new BindOptions(BindPosition.Before, Create: true));
        await os.WriteAllTextAsync("/tutorials/notes.txt", "written through the union: it lands in the -c element\n");

        output.WriteLine("; ns");
        output.Write(os.Ns());
        output.WriteLine("; ls /tutorials");
        await foreach (var entry in os.ListAsync("/tutorials"))
            output.WriteLine($"{entry.Name}{(entry.IsDirectory ? "/" : "")}\t{entry.ServedBy}");
        output.WriteLine("; cat /tutorials/welcome.txt");
        output.Write(await os.ReadAllTextAsync("/tutorials/welcome.txt"));
        return 0;
    }
}
