using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Shell.Expansion;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Execution;

/// <summary>Walks the AST: runs commands, pipes, redirections and control flow against a session.</summary>
internal sealed class Executor(ShellSession session)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>How many function calls and <c>.</c> files may run at once (rc has no limit; it runs out of memory).</summary>
    internal const int MaxCallDepth = 10_000;

    public async Task<string> RunCommandsAsync(IReadOnlyList<Command> commands, ShellIO io, CancellationToken cancellationToken, bool topLevel = false)
    {
        var status = ShellStatus.Success;
        // At top level an `if not` may come in a later command of its own (the next line typed at the prompt).
        bool? lastIfTaken = topLevel ? session.LastIfTaken : null;
        foreach (var command in commands)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                switch (command)
                {
                    case IfCommand ifCommand:
                        var condition = await RunCommandsAsync(ifCommand.Condition, io, cancellationToken).ConfigureAwait(false);
                        lastIfTaken = ShellStatus.IsSuccess(condition);
                        status = lastIfTaken.Value ? await RunAsync(ifCommand.Body, io, cancellationToken).ConfigureAwait(false) : ShellStatus.Success;
                        break;
                    case IfNotCommand ifNot:
                        status = lastIfTaken == false ? await RunAsync(ifNot.Body, io, cancellationToken).ConfigureAwait(false) : ShellStatus.Success;
                        lastIfTaken = null;
                        break;
                    default:
                        status = await RunAsync(command, io, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
            catch (CallDepthException e) when (topLevel)
            {
                await io.WriteErrorLineAsync("nsh: " + e.Message).ConfigureAwait(false);
                status = "1";
                lastIfTaken = null;
            }
            session.SetStatus(status);
            if (topLevel) session.LastIfTaken = command is IfCommand ? lastIfTaken : null;
        }
        return status;
    }

    public Task<string> RunAsync(Command command, ShellIO io, CancellationToken cancellationToken)
    {
        // A command that is done already (most builtins are) has no error to report: no state machine needed.
        var running = RunCoreAsync(command, io, cancellationToken);
        return running.IsCompletedSuccessfully ? running : ReportErrorsAsync(running, io, cancellationToken);
    }

    private async Task<string> ReportErrorsAsync(Task<string> running, ShellIO io, CancellationToken cancellationToken)
    {
        try
        {
            return await running.ConfigureAwait(false);
        }
        catch (ShellExpansionException e)
        {
            await io.WriteErrorLineAsync("nsh: " + e.Message).ConfigureAwait(false);
            return "1";
        }
        catch (NamespaceException e)
        {
            // Errors outside any builtin: redirections, globbing, `. file`.
            await io.WriteErrorLineAsync("nsh: " + e.Message).ConfigureAwait(false);
            return "1";
        }
        catch (Exception e) when (UnexpectedErrors.IsReportable(e, cancellationToken))
        {
            await io.WriteErrorLineAsync("nsh: " + UnexpectedErrors.Describe(e, session.ShowsStackTraces)).ConfigureAwait(false);
            return "1";
        }
    }

    private Task<string> RunCoreAsync(Command command, ShellIO io, CancellationToken ct) => command switch
    {
        SimpleCommand simple => RunSimpleAsync(simple, io, ct),
        PipelineCommand pipeline => RunPipelineAsync(pipeline, io, ct),
        AndCommand and => RunAndAsync(and, io, ct),
        OrCommand or => RunOrAsync(or, io, ct),
        NotCommand not => RunNotAsync(not, io, ct),
        BlockCommand block => RunCommandsAsync(block.Commands, io, ct),
        RedirectedCommand redirected => RunRedirectedAsync(redirected, io, ct),
        AssignmentCommand assignment => RunAssignmentAsync(assignment, io, ct),
        ForCommand forCommand => RunForAsync(forCommand, io, ct),
        WhileCommand whileCommand => RunWhileAsync(whileCommand, io, ct),
        SwitchCommand switchCommand => RunSwitchAsync(switchCommand, io, ct),
        MatchCommand match => RunMatchAsync(match, io, ct),
        FunctionDefinitionCommand fn => DefineFunctionAsync(fn, io, ct),
        FunctionDeletionCommand fn => DeleteFunctionAsync(fn, io, ct),
        SubshellCommand subshell => new Executor(session.CreateSubshell()).RunAsync(subshell.Body, io, ct),
        BackgroundCommand background => RunBackgroundAsync(background, io, ct),
        IfCommand or IfNotCommand => RunCommandsAsync([command], io, ct),
        _ => throw new InvalidOperationException($"unknown command node {command.GetType().Name}"),
    };

    // Plain words expand at once (see WordExpander.ExpandAsync); then this needs no state machine of its own.
    private Task<string> RunSimpleAsync(SimpleCommand command, ShellIO io, CancellationToken ct)
    {
        var expanding = Expander(io).ExpandAsync(command.Words, ct);
        return expanding.IsCompletedSuccessfully
            ? RunExpanded(command, expanding.Result, io, ct)
            : RunSimpleSlowAsync(command, expanding, io, ct);
    }

    private async Task<string> RunSimpleSlowAsync(SimpleCommand command, ValueTask<IReadOnlyList<string>> expanding, ShellIO io, CancellationToken ct)
    {
        var words = await expanding.ConfigureAwait(false);
        return await RunExpanded(command, words, io, ct).ConfigureAwait(false);
    }

    private Task<string> RunExpanded(SimpleCommand command, IReadOnlyList<string> words, ShellIO io, CancellationToken ct) =>
        WithRedirectionsAsync(command.Redirections, io, ct, redirected =>
            words.Count == 0 ? Task.FromResult(ShellStatus.Success) : InvokeAsync(words[0], Arguments(words), redirected, ct));

    // The words after the command name (a loop rather than System.Linq, which start-up need not load).
    private static string[] Arguments(IReadOnlyList<string> words)
    {
        var args = new string[words.Count - 1];
        for (var i = 1; i < words.Count; i++) args[i - 1] = words[i];
        return args;
    }

    /// <summary>Runs a function or builtin by name.</summary>
    public Task<string> InvokeAsync(string name, IReadOnlyList<string> args, ShellIO io, CancellationToken ct)
    {
        if (session.Functions.ContainsKey(name) || name == "." || !session.Builtins.TryGetValue(name, out var builtin))
        {
            return InvokeOtherAsync(name, args, io, ct);
        }
        var context = new CommandContext(session, name, args, io, ct);
        var warnings = new CommandWarnings();
        ValueTask<int> running;
        // The listener flows into the builtin's continuations with its execution context, however long it runs.
        using (NamespaceWarnings.Listen(warnings.Add))
        {
            try
            {
                running = builtin.RunAsync(context);
            }
            catch (Exception e)
            {
                running = ValueTask.FromException<int>(e);
            }
        }
        if (!running.IsCompletedSuccessfully || warnings.Any) return FinishBuiltinAsync(builtin, context, running, warnings);
        // Done at once (true, false, most writes to a buffer): no state machine needed.
        var done = running.Result;
        var flushing = context.FlushAsync();
        return flushing.IsCompletedSuccessfully ? Task.FromResult(ShellStatus.FromCode(done)) : AfterFlushAsync(flushing, done);
    }

    // Functions, `.`, and names that are neither.
    private async Task<string> InvokeOtherAsync(string name, IReadOnlyList<string> args, ShellIO io, CancellationToken ct)
    {
        if (session.Functions.TryGetValue(name, out var body))
        {
            return await CallAsync(name, async () =>
            {
                using (session.Variables.Push([new("*", args)]))
                    return await RunCommandsAsync(body.Commands, io, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        if (name == ".") return await CallAsync(name, () => SourceAsync(args, io, ct)).ConfigureAwait(false);
        await io.WriteErrorLineAsync($"nsh: {name}: command not found (try help)").ConfigureAwait(false);
        return "1";
    }

    private async Task<string> FinishBuiltinAsync(IBuiltin builtin, CommandContext context, ValueTask<int> running, CommandWarnings warnings)
    {
        int code;
        try
        {
            code = await running.ConfigureAwait(false);
        }
        catch (NamespaceException e)
        {
            await context.ErrorAsync(e).ConfigureAwait(false);
            code = 1;
        }
        catch (UsageException e)
        {
            await context.ErrorAsync(e.Message).ConfigureAwait(false);
            await context.Err.WriteLineAsync("usage: " + builtin.Usage).ConfigureAwait(false);
            code = 1;
        }
        catch (Exception e) when (UnexpectedErrors.IsReportable(e, context.CancellationToken))
        {
            await context.ErrorAsync(UnexpectedErrors.Describe(e, session.ShowsStackTraces)).ConfigureAwait(false);
            code = 1;
        }
        await warnings.WriteAsync(context).ConfigureAwait(false);
        return await AfterFlushAsync(context.FlushAsync(), code).ConfigureAwait(false);
    }

    // A reader gone (BrokenPipeException) is not caught here: it ends the pipeline stage (see RunPipelineAsync).
    private static async Task<string> AfterFlushAsync(ValueTask flushing, int code)
    {
        await flushing.ConfigureAwait(false);
        return ShellStatus.FromCode(code);
    }

    // A function call or `. file`: one level deeper, up to the limit; `return` ends it.
    private async Task<string> CallAsync(string name, Func<Task<string>> body)
    {
        if (session.CallDepth >= MaxCallDepth) throw new CallDepthException(name, MaxCallDepth);
        // Deep recursion runs out of stack long before the limit: go on with a fresh stack on the thread pool.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) await Task.Yield();
        session.CallDepth++;
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ShellReturnException e)
        {
            return e.Status;
        }
        catch (CallDepthException e)
        {
            // A fresh exception at each level: one rethrown through every level would gather a stack trace as deep as
            // the recursion, at a cost that grows with the square of the depth.
            throw e.Again();
        }
        finally
        {
            session.CallDepth--;
        }
    }

    // `. file [args]`: runs a script from the namespace in this shell, with its own $*.
    private async Task<string> SourceAsync(IReadOnlyList<string> args, ShellIO io, CancellationToken ct)
    {
        if (args.Count == 0)
        {
            await io.WriteErrorLineAsync("nsh: .: usage: . file [arg...]").ConfigureAwait(false);
            return "1";
        }
        var text = await session.Os.ReadAllTextAsync(args[0], ct).ConfigureAwait(false);
        Script script;
        try
        {
            script = ShellParser.Parse(text, args[0]);
        }
        catch (ShellSyntaxException e)
        {
            await io.WriteErrorLineAsync("nsh: " + e.Message).ConfigureAwait(false);
            return "syntax error";
        }
        using (session.Variables.Push([new("*", args.Skip(1).ToArray())]))
            return await RunCommandsAsync(script.Commands, io, ct).ConfigureAwait(false);
    }

    private async Task<string> RunPipelineAsync(PipelineCommand pipeline, ShellIO io, CancellationToken ct)
    {
        var stages = pipeline.Stages;
        var ios = new ShellIO[stages.Count];
        var pipes = new Pipe[stages.Count - 1];
        var writers = new Stream[pipes.Length];
        ios[0] = io;
        for (var i = 0; i < pipes.Length; i++)
        {
            pipes[i] = new Pipe();
            var link = pipeline.Links[i];
            writers[i] = new PipeWriterStream(pipes[i].Writer);
            ios[i] = ios[i].With(link.LeftFd, writers[i]);
            ios[i + 1] = io.With(link.RightFd, pipes[i].Reader.AsStream());
        }
        var tasks = new Task<string>[stages.Count];
        for (var i = 0; i < stages.Count; i++)
        {
            var index = i;
            // Stages run at once; all but the last in subshells, so they never share mutable shell state.
            var executor = index == stages.Count - 1 ? this : new Executor(session.CreateSubshell());
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    return await executor.RunAsync(stages[index], ios[index], ct).ConfigureAwait(false);
                }
                catch (BrokenPipeException e) when (index < writers.Length && ReferenceEquals(e.Pipe, writers[index]))
                {
                    // The next stage has stopped reading: this one ends here, quietly, as a Unix process does on SIGPIPE.
                    return ShellStatus.Success;
                }
                finally
                {
                    if (index < pipes.Length) await pipes[index].Writer.CompleteAsync().ConfigureAwait(false);
                    if (index > 0) await pipes[index - 1].Reader.CompleteAsync().ConfigureAwait(false);
                }
            }, CancellationToken.None);
        }
        var statuses = await Task.WhenAll(tasks).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return statuses.All(ShellStatus.IsSuccess) ? ShellStatus.Success : string.Join('|', statuses);
    }

    private async Task<string> RunAndAsync(AndCommand command, ShellIO io, CancellationToken ct)
    {
        var left = await RunAsync(command.Left, io, ct).ConfigureAwait(false);
        session.SetStatus(left);
        return ShellStatus.IsSuccess(left) ? await RunAsync(command.Right, io, ct).ConfigureAwait(false) : left;
    }

    private async Task<string> RunOrAsync(OrCommand command, ShellIO io, CancellationToken ct)
    {
        var left = await RunAsync(command.Left, io, ct).ConfigureAwait(false);
        session.SetStatus(left);
        return ShellStatus.IsSuccess(left) ? left : await RunAsync(command.Right, io, ct).ConfigureAwait(false);
    }

    private async Task<string> RunNotAsync(NotCommand command, ShellIO io, CancellationToken ct) =>
        ShellStatus.IsSuccess(await RunAsync(command.Body, io, ct).ConfigureAwait(false)) ? "1" : ShellStatus.Success;

    private Task<string> RunRedirectedAsync(RedirectedCommand command, ShellIO io, CancellationToken ct) =>
        WithRedirectionsAsync(command.Redirections, io, ct, redirected => RunAsync(command.Body, redirected, ct));

    private async Task<string> RunAssignmentAsync(AssignmentCommand command, ShellIO io, CancellationToken ct)
    {
        var expander = Expander(io);
        var values = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var assignment in command.Assignments)
            values.Add(new(assignment.Name, await expander.ExpandAsync(assignment.Value, ct).ConfigureAwait(false)));
        if (command.Body is null)
        {
            foreach (var (name, value) in values) session.Variables.Set(name, value);
            return ShellStatus.Success;
        }
        using (session.Variables.Push(values))
            return await RunAsync(command.Body, io, ct).ConfigureAwait(false);
    }

    private async Task<string> RunForAsync(ForCommand command, ShellIO io, CancellationToken ct)
    {
        var expander = Expander(io);
        var name = Single(await expander.ExpandAsync(command.Variable, ct).ConfigureAwait(false), command.Variable, "for variable");
        var items = command.Items is null ? session.Variables.Get("*") : await expander.ExpandAsync(command.Items, ct).ConfigureAwait(false);
        var status = ShellStatus.Success;
        foreach (var item in items)
        {
            ct.ThrowIfCancellationRequested();
            session.Variables.Set(name, [item]);
            status = await RunAsync(command.Body, io, ct).ConfigureAwait(false);
            session.SetStatus(status);
        }
        return status;
    }

    private async Task<string> RunWhileAsync(WhileCommand command, ShellIO io, CancellationToken ct)
    {
        var status = ShellStatus.Success;
        while (ShellStatus.IsSuccess(await RunCommandsAsync(command.Condition, io, ct).ConfigureAwait(false)))
        {
            ct.ThrowIfCancellationRequested();
            status = await RunAsync(command.Body, io, ct).ConfigureAwait(false);
            session.SetStatus(status);
        }
        return status;
    }

    private async Task<string> RunSwitchAsync(SwitchCommand command, ShellIO io, CancellationToken ct)
    {
        var expander = Expander(io);
        var subject = await expander.ExpandWithoutGlobbingAsync([command.Subject], ct).ConfigureAwait(false);
        var text = subject.Count > 0 ? subject[0] : string.Empty;
        foreach (var @case in command.Cases)
        {
            var patterns = await expander.ExpandPatternsAsync(@case.Patterns, ct).ConfigureAwait(false);
            if (patterns.Any(p => p.Matches(text)))
                return await RunCommandsAsync(@case.Body, io, ct).ConfigureAwait(false);
        }
        return ShellStatus.Success;
    }

    private async Task<string> RunMatchAsync(MatchCommand command, ShellIO io, CancellationToken ct)
    {
        var patterns = await Expander(io).ExpandPatternsAsync([command.Subject, .. command.Patterns], ct).ConfigureAwait(false);
        if (patterns.Count == 0) return "no match";
        var subject = patterns[0].Text;
        return patterns.Skip(1).Any(p => p.Matches(subject)) ? ShellStatus.Success : "no match";
    }

    private async Task<string> DefineFunctionAsync(FunctionDefinitionCommand command, ShellIO io, CancellationToken ct)
    {
        var name = Single(await Expander(io).ExpandAsync(command.Name, ct).ConfigureAwait(false), command.Name, "function name");
        session.Functions[name] = command.Body;
        return ShellStatus.Success;
    }

    private async Task<string> DeleteFunctionAsync(FunctionDeletionCommand command, ShellIO io, CancellationToken ct)
    {
        var name = Single(await Expander(io).ExpandAsync(command.Name, ct).ConfigureAwait(false), command.Name, "function name");
        session.Functions.Remove(name);
        return ShellStatus.Success;
    }

    private Task<string> RunBackgroundAsync(BackgroundCommand command, ShellIO io, CancellationToken ct)
    {
        var subshell = new Executor(session.CreateSubshell());
        var background = io.With(0, Stream.Null);
        var job = Task.Run(() => subshell.RunAsync(command.Body, background, ct), CancellationToken.None);
        var id = session.Jobs.Add(job);
        session.Variables.Set("apid", [id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return Task.FromResult(ShellStatus.Success);
    }

    private Task<string> WithRedirectionsAsync(IReadOnlyList<Redirection> redirections, ShellIO io, CancellationToken ct, Func<ShellIO, Task<string>> body) =>
        redirections.Count == 0 ? body(io) : WithOpenedRedirectionsAsync(redirections, io, ct, body);

    private async Task<string> WithOpenedRedirectionsAsync(IReadOnlyList<Redirection> redirections, ShellIO io, CancellationToken ct, Func<ShellIO, Task<string>> body)
    {
        var opened = new List<Stream>();
        var committed = false;
        try
        {
            var expander = Expander(io);
            var current = io;
            foreach (var redirection in redirections)
            {
                switch (redirection)
                {
                    case FileRedirection file:
                        var target = Single(await expander.ExpandAsync(file.Target, ct).ConfigureAwait(false), file.Target, "redirection target");
                        Stream stream = file.Kind switch
                        {
                            RedirectionKind.Input => await session.Os.OpenReadAsync(target, ct).ConfigureAwait(false),
                            RedirectionKind.Append => await session.Os.OpenWriteAsync(target, WriteMode.Append, ct).ConfigureAwait(false),
                            _ => await session.Os.OpenWriteAsync(target, WriteMode.Replace, ct).ConfigureAwait(false),
                        };
                        opened.Add(stream);
                        current = current.With(file.Fd, stream);
                        break;
                    case DuplicationRedirection dup:
                        current = current.With(dup.Fd, dup.SourceFd is { } source ? current[source] : Stream.Null);
                        break;
                }
            }
            var status = await body(current).ConfigureAwait(false);
            committed = true;
            return status;
        }
        finally
        {
            foreach (var stream in opened)
            {
                // An interrupted command leaves the files it was writing as they were.
                if (!committed && stream is NsWriteStream write) write.Abort();
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private WordExpander Expander(ShellIO io) => new(session.Variables, (block, ct) => SubstituteAsync(block, io, ct), (pattern, ct) => GlobAsync(pattern, io, ct));

    private async ValueTask<string> SubstituteAsync(BlockCommand block, ShellIO io, CancellationToken ct)
    {
        var output = new MemoryStream();
        await new Executor(session.CreateSubshell()).RunCommandsAsync(block.Commands, io.With(1, output), ct).ConfigureAwait(false);
        return Utf8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }

    // Globbing walks the namespace one path element at a time; only elements with wildcards list a directory.
    private async ValueTask<IReadOnlyList<string>> GlobAsync(ShellPattern pattern, ShellIO io, CancellationToken ct)
    {
        // A listed name no path can have is left out and said on stderr (`nsh: warning: ...`); the command that runs
        // next says the warnings of what it reads itself (a stale copy served), so only those are said here.
        var skipped = new List<NamespaceException>();
        IReadOnlyList<string> matches;
        using (NamespaceWarnings.Listen(w => { if (w.Kind == NsErrorKind.InvalidPath) lock (skipped) skipped.Add(w); }))
            matches = await GlobMatchesAsync(pattern, ct).ConfigureAwait(false);
        foreach (var message in skipped.Select(w => w.Message).Distinct(StringComparer.Ordinal))
            await io.WriteErrorLineAsync("nsh: warning: " + message).ConfigureAwait(false);
        return matches;
    }

    private async ValueTask<IReadOnlyList<string>> GlobMatchesAsync(ShellPattern pattern, CancellationToken ct)
    {
        var text = pattern.Text;
        var absolute = text.StartsWith('/');
        var parts = pattern.SplitPath().Where(p => p.Text.Length > 0).ToArray();
        var matches = new List<(string Shown, VPath Path)> { (absolute ? "/" : "", absolute ? VPath.Root : session.Os.CurrentDirectory) };
        foreach (var part in parts)
        {
            var next = new List<(string, VPath)>();
            foreach (var (shown, path) in matches)
            {
                var prefix = shown.Length == 0 || shown.EndsWith('/') ? shown : shown + "/";
                if (!part.HasWildcards)
                {
                    if (!VPath.IsValidName(part.Text) && part.Text is not ("." or "..")) continue;
                    next.Add((prefix + part.Text, VPath.Resolve(path, part.Text)));
                    continue;
                }
                var entry = await session.Os.TryStatAsync(path, ct).ConfigureAwait(false);
                if (entry is not { IsDirectory: true }) continue;
                await foreach (var child in session.Os.ListAsync(path, ct).ConfigureAwait(false))
                {
                    // As in rc, a leading dot must be matched explicitly.
                    if (child.Name.StartsWith('.') && !part.Text.StartsWith('.')) continue;
                    if (part.Matches(child.Name)) next.Add((prefix + child.Name, path.Child(child.Name)));
                }
            }
            matches = next;
            if (matches.Count == 0) return [];
        }
        var result = new List<string>();
        foreach (var (shown, path) in matches)
        {
            if (await session.Os.TryStatAsync(path, ct).ConfigureAwait(false) is not null) result.Add(shown);
        }
        return result;
    }

    private static string Single(IReadOnlyList<string> values, SyntaxNode node, string what) =>
        values.Count == 1 ? values[0] : throw new ShellExpansionException(node.Position, $"{what} must be a single word, got {values.Count}");
}
