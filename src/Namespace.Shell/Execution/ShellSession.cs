using Namespace.Core.Namespaces;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Execution;

/// <summary>
/// One shell: a namespace, variables, functions, builtins and mount types. Runs rc text through
/// the parser, the expander and the executor. Not thread-safe: one command at a time (pipelines
/// and background jobs run their stages in subshells of their own).
/// </summary>
public sealed class ShellSession
{
    private readonly BuiltinTable _builtins;
    private BackgroundJobs? _jobs;
    private string? _hostDirectory;

    /// <summary>Makes a shell over <paramref name="os"/>.</summary>
    /// <param name="os">The namespace.</param>
    /// <param name="builtins">The builtin commands.</param>
    /// <param name="mountTypes">The mount types <c>mount -t</c> knows.</param>
    /// <param name="hostDirectory">
    /// The host working directory, for relative host paths in <c>mount</c>; null for the process's current
    /// directory, read when first needed (start-up is faster without it).
    /// </param>
    public ShellSession(VirtualOS os, IEnumerable<IBuiltin> builtins, MountTypeRegistry mountTypes, string? hostDirectory)
        : this(os, new BuiltinTable(builtins), mountTypes, hostDirectory)
    {
    }

    /// <summary>Makes a shell over <paramref name="os"/> whose builtins are made on first use.</summary>
    /// <param name="os">The namespace.</param>
    /// <param name="builtins">The builtin commands (see <see cref="Builtins.StandardBuiltins.Table"/>).</param>
    /// <param name="mountTypes">The mount types <c>mount -t</c> knows.</param>
    /// <param name="hostDirectory">
    /// The host working directory, for relative host paths in <c>mount</c>; null for the process's current
    /// directory, read when first needed (start-up is faster without it).
    /// </param>
    public ShellSession(VirtualOS os, BuiltinTable builtins, MountTypeRegistry mountTypes, string? hostDirectory)
    {
        ArgumentNullException.ThrowIfNull(builtins);
        Os = os;
        _builtins = builtins;
        MountTypes = mountTypes;
        _hostDirectory = hostDirectory;
        Variables = new ScopedVariables();
        Functions = new Dictionary<string, BlockCommand>(StringComparer.Ordinal);
    }

    private ShellSession(ShellSession parent, VirtualOS os)
    {
        Os = os;
        _builtins = parent._builtins;
        MountTypes = parent.MountTypes;
        _hostDirectory = parent._hostDirectory;
        Variables = parent.Variables.Snapshot();
        Functions = new Dictionary<string, BlockCommand>(parent.Functions, StringComparer.Ordinal);
        History = parent.History;
        ShowsStackTraces = parent.ShowsStackTraces;
        CallDepth = parent.CallDepth;
        _jobs = parent.Jobs;
    }

    /// <summary>The namespace commands act on; <c>rfork n</c> replaces it with a private copy.</summary>
    public VirtualOS Os { get; set; }

    /// <summary>The shell's variables.</summary>
    public ScopedVariables Variables { get; }

    /// <summary>Functions defined with <c>fn</c>.</summary>
    public Dictionary<string, BlockCommand> Functions { get; }

    /// <summary>The mount types <c>mount -t</c> knows.</summary>
    public MountTypeRegistry MountTypes { get; }

    /// <summary>nsh's working directory on the host.</summary>
    public string HostDirectory => _hostDirectory ??= Directory.GetCurrentDirectory();

    /// <summary>The builtins, by name.</summary>
    public IReadOnlyDictionary<string, IBuiltin> Builtins => _builtins;

    /// <summary>The REPL's history, for the <c>history</c> builtin (null outside the REPL).</summary>
    public Func<IReadOnlyList<string>>? History { get; set; }

    /// <summary>Whether an unexpected error is reported with its stack trace after its one line (nsh's <c>NSH_DEBUG=1</c>).</summary>
    public bool ShowsStackTraces { get; init; }

    /// <summary>Background jobs started with <c>&amp;</c>.</summary>
    public BackgroundJobs Jobs => _jobs ??= new BackgroundJobs();

    /// <summary>The status of the last command (<c>$status</c>).</summary>
    public string Status => string.Join(' ', Variables.Get("status"));

    /// <summary>
    /// Parses and runs <paramref name="text"/>. Syntax and runtime errors are reported on the error
    /// stream as <c>nsh: ...</c>; the result is the final status.
    /// </summary>
    /// <exception cref="ShellExitException">The script ran <c>exit</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<string> RunAsync(string text, string fileName, ShellIO io, CancellationToken cancellationToken = default, ShellParserOptions? options = null)
    {
        // Not an async method: parsing is synchronous, and the success path then needs no state machine of
        // its own (each is JIT-compiled at start-up).
        Script script;
        try
        {
            options ??= LastIfTaken is null ? null : new ShellParserOptions { AllowLeadingIfNot = true };
            script = ShellParser.Parse(text, fileName, options);
        }
        catch (ShellSyntaxException e)
        {
            return ReportSyntaxErrorAsync(e, io);
        }
        return RunAsync(script, io, cancellationToken);
    }

    private async Task<string> ReportSyntaxErrorAsync(ShellSyntaxException error, ShellIO io)
    {
        await io.WriteErrorLineAsync("nsh: " + error.Message).ConfigureAwait(false);
        SetStatus("syntax error");
        return Status;
    }

    /// <summary>Runs a parsed script.</summary>
    public Task<string> RunAsync(Script script, ShellIO io, CancellationToken cancellationToken = default) =>
        new Executor(this).RunCommandsAsync(script.Commands, io, cancellationToken, topLevel: true);

    /// <summary>A subshell: copies of the variables and functions, the same namespace in a session of its own.</summary>
    public ShellSession CreateSubshell() => new(this, Os.NewSession());

    /// <summary>How many function calls and <c>.</c> files are running (a subshell goes on counting from its parent's).</summary>
    internal int CallDepth { get; set; }

    internal void SetStatus(string status) => Variables.Set("status", [status]);

    /// <summary>Whether the last top-level command was an <c>if</c> and its condition held, for an <c>if not</c> that follows on its own.</summary>
    internal bool? LastIfTaken { get; set; }
}
