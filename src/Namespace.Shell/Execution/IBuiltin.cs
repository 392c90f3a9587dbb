namespace Namespace.Shell.Execution;

/// <summary>A command that runs inside nsh against the namespace.</summary>
public interface IBuiltin
{
    /// <summary>The command name.</summary>
    string Name { get; }

    /// <summary>One-line usage, e.g. <c>ls [-l] [-d] [path...]</c>.</summary>
    string Usage { get; }

    /// <summary>One sentence on what it does, for <c>help</c>.</summary>
    string Summary { get; }

    /// <summary>Runs the command; returns its exit code (0 for success).</summary>
    ValueTask<int> RunAsync(CommandContext context);
}
