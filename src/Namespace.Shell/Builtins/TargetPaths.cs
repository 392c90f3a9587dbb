using Namespace.Core.Namespaces;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>Where <c>mv</c> and <c>cp</c> put each source: into DEST when it is a directory, else at DEST.</summary>
internal static class TargetPaths
{
    public static async ValueTask<IReadOnlyList<(string Source, string Target)>> ResolveAsync(VirtualOS os, IReadOnlyList<string> operands, CancellationToken ct)
    {
        if (operands.Count < 2) throw new UsageException("expected source... destination");
        var destination = operands[^1];
        var sources = operands.Take(operands.Count - 1).ToArray();
        var into = (await os.TryStatAsync(os.ResolvePath(destination), ct).ConfigureAwait(false))?.IsDirectory == true;
        if (sources.Length > 1 && !into) throw new UsageException($"{destination}: not a directory (several sources need a directory)");
        return sources.Select(s => (s, into ? os.ResolvePath(destination).Child(os.ResolvePath(s).Name).Value : destination)).ToArray();
    }
}
