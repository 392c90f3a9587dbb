using Namespace.Core.Errors;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>Runs a builtin's work once per operand: an error about one is reported and the rest go on (Unix style).</summary>
internal static class EachPath
{
    /// <returns>0 when every item succeeded, else 1.</returns>
    public static async ValueTask<int> RunAsync<T>(CommandContext context, IEnumerable<T> items, Func<T, ValueTask> action)
    {
        var status = 0;
        foreach (var item in items)
        {
            try
            {
                await action(item).ConfigureAwait(false);
            }
            catch (NamespaceException e)
            {
                await context.ErrorAsync(e).ConfigureAwait(false);
                status = 1;
            }
        }
        return status;
    }
}
