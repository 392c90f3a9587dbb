using System.Text;
using Namespace.Core.Namespaces;
using Namespace.Shell.Execution;
using Namespace.Shell.Syntax;

namespace Namespace.Nsh;

/// <summary>nsh's invocation forms (see docs/nsh.md): <c>nsh</c>, <c>nsh FILE [args]</c>, <c>nsh -c CMDS</c>, <c>nsh -n FILE|none</c>.</summary>
internal static class NshProgram
{
    private const string Usage = "usage: nsh [-n FILE|none] [-c COMMANDS | FILE [ARG...]]";

    public static async Task<int> MainAsync(string[] args)
    {
        var stdout = Console.OpenStandardOutput();
        var stderr = Console.OpenStandardError();
        var io = new ShellIO(Console.OpenStandardInput(), stdout, stderr);
        try
        {
            return await RunAsync(args, io).ConfigureAwait(false);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("NSH_DEBUG") != "1")
        {
            await io.WriteErrorLineAsync($"nsh: internal error: {e.Message} (NSH_DEBUG=1 shows where)").ConfigureAwait(false);
            return 70;
        }
    }

    private static async Task<int> RunAsync(string[] args, ShellIO io)
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
                    await WriteAsync(io.Output, Usage + "\n").ConfigureAwait(false);
                    return 0;
                case "-n" or "-c":
                    await io.WriteErrorLineAsync($"nsh: {args[i]} needs an argument\n{Usage}").ConfigureAwait(false);
                    return 2;
                case "serve" or "browse" when commands is null:
                    // `nsh serve DIR [ADDR]` and `nsh browse [PATH]` run those builtins; a server needs no namespace.
                    if (args[i] == "serve") startup ??= "none";
                    commands = string.Join(' ', args.Skip(i).Select(Namespace.Core.Namespaces.RcQuote.Quote));
                    i = args.Length;
                    break;
                default:
                    if (args[i].StartsWith('-') && args[i] != "-")
                    {
                        await io.WriteErrorLineAsync($"nsh: unknown option {args[i]}\n{Usage}").ConfigureAwait(false);
                        return 2;
                    }
                    break;
            }
            break;
        }
        var rest = args.Skip(i).ToArray();
        if (commands is not null && rest.Length > 0)
        {
            await io.WriteErrorLineAsync($"nsh: unexpected arguments after -c\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var workingDirectory = Directory.GetCurrentDirectory();
        var session = new ShellSession(new VirtualOS(), ServeBuiltin.WithStandard(), NshMountTypes.Create(), workingDirectory);
        using var interrupt = new InterruptSource();
        try
        {
            await RunStartupAsync(session, StartupScript.Find(startup, workingDirectory), io, interrupt.Token).ConfigureAwait(false);
            string status;
            if (commands is not null)
            {
                status = await session.RunAsync(commands, "-c", io, interrupt.Token).ConfigureAwait(false);
            }
            else if (rest.Length > 0)
            {
                var file = rest[0];
                string text;
                try
                {
                    text = await File.ReadAllTextAsync(file).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    await io.WriteErrorLineAsync($"nsh: {file}: {Reason(e)}").ConfigureAwait(false);
                    return 1;
                }
                session.Variables.Set("*", rest.Skip(1).ToArray());
                session.Variables.Set("0", [file]);
                status = await session.RunAsync(text, file, io, interrupt.Token).ConfigureAwait(false);
            }
            else if (!Console.IsInputRedirected)
            {
                status = await new Repl(session, io, interrupt).RunAsync().ConfigureAwait(false);
            }
            else
            {
                status = await RunLinesAsync(session, io, interrupt.Token).ConfigureAwait(false);
            }
            return ShellStatus.ToExitCode(status);
        }
        catch (ShellExitException exit)
        {
            return ShellStatus.ToExitCode(exit.Status);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        finally
        {
            // Cache counters and access times are saved every second; save the last ones before leaving.
            await session.Os.SaveCacheStateAsync().ConfigureAwait(false);
        }
    }

    private static async Task RunStartupAsync(ShellSession session, string? path, ShellIO io, CancellationToken ct)
    {
        if (path is null)
        {
            await session.RunAsync(StartupScript.Default, "default namespace", io, ct).ConfigureAwait(false);
            return;
        }
        if (path.Length == 0) return;
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await io.WriteErrorLineAsync($"nsh: {path}: {Reason(e)}").ConfigureAwait(false);
            return;
        }
        await session.RunAsync(text, path, io, ct).ConfigureAwait(false);
    }

    // Commands on a non-terminal stdin: run each complete command as soon as it has been read.
    private static async Task<string> RunLinesAsync(ShellSession session, ShellIO io, CancellationToken ct)
    {
        using var reader = new StreamReader(io.Input, Encoding.UTF8);
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

    internal static string Reason(IOException e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "file not found",
        _ => e.Message,
    };

    private static async Task WriteAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }
}
