namespace Namespace.Testing;

/// <summary>Where the repository is, for tests that read its docs, tutorials and startup script.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Namespace.sln, found upwards from the test binaries.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Namespace.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Namespace.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Copies what nsh started in the repository uses (namespace.rc and the tutorials it mounts) into
    /// <paramref name="directory"/>, so a test can start nsh there: the cache file namespace.rc makes then lands in the
    /// copy, not in the checkout (where the next run would find this run's copies).
    /// </summary>
    public static void CopyStartupTo(string directory)
    {
        var root = Root();
        File.Copy(Path.Combine(root, "namespace.rc"), Path.Combine(directory, "namespace.rc"));
        CopyTree(Path.Combine(root, "tutorials"), Path.Combine(directory, "tutorials"));
        Directory.CreateDirectory(Path.Combine(directory, "outbox"));
        File.Copy(Path.Combine(root, "outbox", "README.txt"), Path.Combine(directory, "outbox", "README.txt"));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
