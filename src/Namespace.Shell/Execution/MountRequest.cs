namespace Namespace.Shell.Execution;

/// <summary>What a mount type's factory is asked to make.</summary>
/// <param name="Type">The mount type.</param>
/// <param name="Source">The source as written (a label, a host path, a URL).</param>
/// <param name="HostDirectory">nsh's working directory on the host, for relative host paths.</param>
/// <param name="Options">The <c>-o</c> options.</param>
public sealed record MountRequest(string Type, string Source, string HostDirectory, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    /// <summary>Tells the user something went wrong but the mount goes on (e.g. a damaged cache was replaced); prints <c>nsh: mount: MESSAGE</c>.</summary>
    public Func<string, ValueTask> WarnAsync { get; init; } = _ => ValueTask.CompletedTask;
}
