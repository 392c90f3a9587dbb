using System.Text;
using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Shell.Execution;
using Namespace.Shell.Syntax;

namespace Namespace.Nsh;

/// <summary>nsh's invocation forms (see docs/nsh.md): <c>nsh</c>, <c>nsh FILE [args]</c>, <c>nsh -c CMDS</c>, <c>nsh -n FILE|none</c>.</summary>
internal static class NshProgram
{
    private const string Usage = "usage: nsh [-n FILE|none] [-c COMMANDS | FILE [ARG...]]";

    /// <summary>
    /// Runs nsh and returns its exit code. Waits synchronously, as the compiler's async Main would: an async
    /// method here would be one more state machine to JIT-compile at start-up.
    /// </summary>
    public static int Run(string[] args)
    {
        var stdout = HostOutputStream.Open(1, Console.OpenStandardOutput);
        var stderr = Console.OpenStandardError();
        var io = new ShellIO(Console.OpenStandardInput(), stdout, stderr);
        try
        {
            return Run(args, io);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("NSH_DEBUG") != "1")
        {
            io.WriteErrorLineAsync($"nsh: internal error: {e.Message} (NSH_DEBUG=1 shows where)").AsTask().GetAwaiter().GetResult();
            return 70;
        }
    }

    // Synchronous from here to the shell's first await that really waits: each step blocks as Main would,
    // and no async state machine of nsh's own is JIT-compiled at start-up.
    private static int Run(string[] args, ShellIO io)
    {
        string? startup = null;
        string? commands = null;
        var i = 0;
        for (; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-n" when i + 1 < args.Length:
                    startup = args[++i];
                    continue;
                case "-c" when i + 1 < args.Length:
                    commands = args[++i];
                    i++;
                    break;
                case "-h" or "--help":
                    WriteAsync(io.Output, Usage + "\n").GetAwaiter().GetResult();
                    return 0;
                case "-n" or "-c":
                    io.WriteErrorLineAsync($"nsh: {args[i]} needs an argument\n{Usage}").AsTask().GetAwaiter().GetResult();
                    return 2;
                case "serve" or "browse" when commands is null:
                    // `nsh serve DIR [ADDR]` and `nsh browse [PATH]` run those builtins; a server needs no namespace.
                    if (args[i] == "serve") startup ??= "none";
                    commands = string.Join(' ', Array.ConvertAll(args[i..], RcQuote.Quote));
                    i = args.Length;
                    break;
                default:
                    if (args[i].StartsWith('-') && args[i] != "-")
                    {
                        io.WriteErrorLineAsync($"nsh: unknown option {args[i]}\n{Usage}").AsTask().GetAwaiter().GetResult();
                        return 2;
                    }
                    break;
            }
            break;
        }
        var rest = args[i..];
        if (commands is not null && rest.Length > 0)
        {
            io.WriteErrorLineAsync($"nsh: unexpected arguments after -c\n{Usage}").AsTask().GetAwaiter().GetResult();
            return 2;
        }

        // The host directory is read when a command first needs it: `-c true` never does.
        var session = new ShellSession(new VirtualOS(new CacheLayer()), ServeBuiltin.WithStandard(), NshMountTypes.Create(), hostDirectory: null)
        {
            ShowsStackTraces = Environment.GetEnvironmentVariable("NSH_DEBUG") == "1",
        };
        using var interrupt = new InterruptSource();
        try
        {
            var interactive = commands is null && rest.Length == 0 && !Console.IsInputRedirected;
            if (!interactive) interrupt.CancelOnSignals();
            RunStartup(session, StartupScript.Find(startup), io, interrupt.Token);
            string status;
            if (commands is not null)
            {
                status = session.RunAsync(commands, "-c", io, interrupt.Token).GetAwaiter().GetResult();
            }
            else if (rest.Length > 0)
            {
                var file = rest[0];
                string text;
                try
                {
                    // Read synchronously, like the startup script (see there).
                    text = ScriptText(File.ReadAllBytes(file));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    io.WriteErrorLineAsync($"nsh: {file}: {Reason(e, file)}").AsTask().GetAwaiter().GetResult();
                    return 1;
                }
                session.Variables.Set("*", rest[1..]);
                session.Variables.Set("0", [file]);
                status = session.RunAsync(text, file, io, interrupt.Token).GetAwaiter().GetResult();
            }
            else if (!Console.IsInputRedirected)
            {
                using var uploads = new UploadQueueWatch(() => session.Os);
                status = new Repl(session, io, interrupt, uploads).RunAsync().GetAwaiter().GetResult();
            }
            else
            {
                status = RunLinesAsync(session, io, interrupt.Token).GetAwaiter().GetResult();
            }
            return interrupt.ExitCode ?? ShellStatus.ToExitCode(status);
        }
        catch (ShellExitException exit)
        {
            return interrupt.ExitCode ?? ShellStatus.ToExitCode(exit.Status);
        }
        catch (BrokenPipeException)
        {
            // Standard output's reader has gone: stop, as a Unix program stops on SIGPIPE (128 + 13).
            return 141;
        }
        catch (OperationCanceledException)
        {
            return interrupt.ExitCode ?? 130;
        }
        finally
        {
            SayWhatIsNotUploaded(session, io);
            // Cache counters and access times are saved every second; save the last ones before leaving. Then close what
            // the mounts opened: a database moves its WAL into its file, so the file alone holds every write.
            session.Os.SaveCacheStateAsync().GetAwaiter().GetResult();
            session.Os.CloseAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // nsh never flushes on its own (that is flush's job): it says what has not reached its origin, and whether it resumes.
    private static void SayWhatIsNotUploaded(ShellSession session, ShellIO io)
    {
        try
        {
            if (UploadsLeft.Text(session.Os.UploadQueueAsync().GetAwaiter().GetResult()) is { } text)
                io.WriteErrorLineAsync(text).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A journal that cannot be read, or a stderr that is gone, must not turn leaving into a failure.
        }
    }

    private static void RunStartup(ShellSession session, string? path, ShellIO io, CancellationToken ct)
    {
        if (path is { Length: 0 }) return;
        if (path is null)
        {
            session.RunAsync(StartupScript.Default, "default namespace", io, ct).GetAwaiter().GetResult();
            return;
        }
        string text;
        try
        {
            // A small local file, read synchronously: the async read finishes on the thread pool, which
            // costs start-up a pool thread and JIT-compiled continuations for every caller up the chain.
            text = ScriptText(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.WriteErrorLineAsync($"nsh: {path}: {Reason(e, path)}").AsTask().GetAwaiter().GetResult();
            return;
        }
        session.RunAsync(text, path, io, ct).GetAwaiter().GetResult();
    }

    // Commands on a non-terminal stdin: run each complete command as soon as it has been read.
    private static async Task<string> RunLinesAsync(ShellSession session, ShellIO io, CancellationToken ct)
    {
        using var reader = new StreamReader(io.Input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var pending = new StringBuilder();
        var status = ShellStatus.Success;
        var line = 0;
        var startLine = 1;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } text)
        {
            line++;
            if (pending.Length == 0) startLine = line;
            pending.Append(text).Append('\n');
            if (ShellParser.IsIncomplete(pending.ToString())) continue;
            // Keep line numbers true in error messages by padding with the lines already run.
            status = await session.RunAsync(new string('\n', startLine - 1) + pending, "stdin", io.With(0, Stream.Null), ct).ConfigureAwait(false);
            pending.Clear();
        }
        if (pending.Length > 0)
            status = await session.RunAsync(new string('\n', startLine - 1) + pending, "stdin", io.With(0, Stream.Null), ct).ConfigureAwait(false);
        return status;
    }

    // Scripts are UTF-8, whatever their first bytes look like (\xff\xfe is not UTF-16 here); a UTF-8 BOM is dropped.
    private static string ScriptText(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsSpan(Encoding.UTF8.Preamble.Length) : bytes);

    internal static string Reason(Exception e, string path) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "file not found",
        // Opening a directory is refused as access denied; say what it is.
        UnauthorizedAccessException when Directory.Exists(path) => "is a directory",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    private static async Task WriteAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }
}
