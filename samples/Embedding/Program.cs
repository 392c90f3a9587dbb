using Namespace.Core.Errors;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;

// A namespace of its own: an in-memory root, and a union at /lib.
var os = new VirtualOS();
await os.MountAsync("/", new MemoryFileSystem("root"));

var docs = MemoryFileSystem.FromFiles("docs", new Dictionary<string, string>
{
    ["/readme"] = "hello from docs\n",
});
await os.MountAsync("/lib", new ReadOnlyFileProvider(docs));

// bind -bc: a writable element in front; new files are created there.
await os.MountAsync("/lib", new MemoryFileSystem("scratch"), new BindOptions(BindPosition.Before, Create: true));
await os.WriteAllTextAsync("/lib/notes", "new files go to the -c element\n");

await foreach (var entry in os.ListAsync("/lib"))
    Console.WriteLine($"{entry.Name,-8}{entry.Size,4}  {entry.ServedBy}");
Console.Write(await os.ReadAllTextAsync("/lib/readme"));

// Errors speak one vocabulary, with the path: read-only is never reported as "not found".
try
{
    await os.DeleteAsync("/lib/readme");
}
catch (NamespaceException e) when (e.Kind == NsErrorKind.ReadOnly)
{
    Console.WriteLine($"rm: {e.Message}");
}

// A private copy of the namespace (rc's rfork n) changes without touching the original.
var child = os.Fork();
await child.UnmountAsync("/lib");
Console.WriteLine($"child sees /lib: {await child.ExistsAsync("/lib")}, parent sees /lib: {await os.ExistsAsync("/lib")}");

// ns prints the namespace as a script that rebuilds it.
Console.Write(os.Ns());
