using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>A builtin whose back end has not landed yet: says so and fails, never pretends.</summary>
internal sealed class UnavailableBuiltin(string name, string usage, string summary, string arrivesWith) : IBuiltin
{
    public string Name => name;
    public string Usage => usage;
    public string Summary => $"{summary} (not available yet)";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        await context.ErrorAsync($"not available yet (arrives with {arrivesWith})").ConfigureAwait(false);
        return 1;
    }
}
