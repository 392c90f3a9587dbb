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
}
