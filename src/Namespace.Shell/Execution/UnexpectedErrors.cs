namespace Namespace.Shell.Execution;

/// <summary>
/// Exceptions no builtin expected (a library's I/O error, a malformed answer, a bug): the command fails alone with one
/// line, <c>nsh: CMD: message</c>, and the shell goes on (docs/nsh.md, "Errors").
/// </summary>
internal static class UnexpectedErrors
{
    /// <summary>
    /// Whether <paramref name="error"/> is one to report and go on from: not the shell's own control flow (exit, return,
    /// the depth limit, a reader gone) and not the cancellation the user asked for.
    /// </summary>
    public static bool IsReportable(Exception error, CancellationToken cancellationToken) => error switch
    {
        ShellExitException or ShellControlException or BrokenPipeException => false,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => true,
    };

    /// <summary>The error as one line; with <paramref name="stackTraces"/> (NSH_DEBUG=1), the whole exception after it.</summary>
    public static string Describe(Exception error, bool stackTraces)
    {
        if (error is AggregateException { InnerExceptions.Count: 1 } aggregate) error = aggregate.InnerExceptions[0];
        var message = error.Message;
        // "(Parameter 'address')" speaks of our code, not of what the user typed.
        if (error is ArgumentException { ParamName: { } name })
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        message = message.ReplaceLineEndings(" ").Trim();
        if (message.Length == 0) message = error.GetType().Name;
        return stackTraces ? message + "\n" + error : message;
    }
}
