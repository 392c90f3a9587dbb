namespace Namespace.Core.Providers;

/// <summary>What a provider offers; callers check these instead of catching NotSupportedException.</summary>
[Flags]
public enum ProviderCapabilities
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>Stat, list and read.</summary>
    Read = 1,
    /// <summary>Create and overwrite files.</summary>
    Write = 2,
    /// <summary>Make directories, remove and rename.</summary>
    Mutate = 4,
    /// <summary>Report changes (<see cref="IFileProvider.Subscribe"/>).</summary>
    Watch = 8,
    /// <summary>Read streams are seekable, so ranges can be read without reading what comes before.</summary>
    Ranges = 16,
}
