using System.Diagnostics;
using System.Text;

namespace Nsh.Tests;

/// <summary>
/// nsh running in a real terminal: a tmux server of its own (a private socket, so tests never touch
/// another tmux), one 80×24 pane, keys sent with send-keys and the screen read with capture-pane.
/// Waits poll the screen until what is expected shows up, and fail with the screen in the message.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    /// <summary>How long any one wait may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private const string Target = "nsh:0.0";
    private const string ExitedPrefix = "nsh exited with status ";
    private readonly string _socket;
    private readonly string _config;

    private TmuxSession(string socket, string config)
    {
        _socket = socket;
        _config = config;
    }

    /// <summary>
    /// Starts <c>dotnet exec nsh.dll -n none</c> in an 80×24 pane with <c>HOME=<paramref name="home"/></c>.
    /// When nsh exits, its status is printed and the pane's process ends (the pane stays, dead, to be read).
    /// </summary>
    /// <param name="home">HOME for nsh (its history goes to <c>HOME/.nsh/history</c>).</param>
    /// <param name="workingDirectory">Where nsh starts.</param>
    /// <param name="environment">More variables for nsh, as <c>NAME=value</c>.</param>
    public static Task<TmuxSession> StartAsync(string home, string workingDirectory, params string[] environment) =>
        StartWithArgumentsAsync(home, workingDirectory, ["-n", "none"], environment);

    /// <summary>Starts <c>dotnet exec nsh.dll ARGUMENTS</c> in an 80×24 pane, otherwise as <see cref="StartAsync(string, string, string[])"/>.</summary>
    public static async Task<TmuxSession> StartWithArgumentsAsync(string home, string workingDirectory, IReadOnlyList<string> arguments, params string[] environment)
    {
        await EnsureTmuxAsync();
        var socket = "nsh-test-" + Guid.NewGuid().ToString("N")[..12];
        var config = Path.Combine(home, ".tmux-test.conf");
        await File.WriteAllTextAsync(config, "set -g remain-on-exit on\nset -g history-limit 5000\n");
        var session = new TmuxSession(socket, config);
        var command = $"cd {Quote(workingDirectory)} && dotnet exec {Quote(NshProcess.DllPath)} {string.Join(' ', arguments.Select(Quote))}; echo \"{ExitedPrefix}$?\"";
        List<string> args = ["new-session", "-d", "-s", "nsh", "-x", "80", "-y", "24", "-e", "HOME=" + home, "-e", "NSH_NAMESPACE=", "-e", "NSH_DEBUG=1"];
        foreach (var variable in environment) args.AddRange(["-e", variable]);
        args.Add(command);
        await session.TmuxAsync([.. args]);
        return session;
    }

    /// <summary>Resizes the terminal (the window, so the pane follows).</summary>
    public Task ResizeAsync(int width, int height) =>
        TmuxAsync("resize-window", "-t", "nsh", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The visible screen only (no scrollback), one string a line, trailing blanks removed.</summary>
    public async Task<IReadOnlyList<string>> CaptureScreenAsync()
    {
        var text = await TmuxAsync("capture-pane", "-p", "-t", Target);
        return text.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToList();
    }

    /// <summary>Types text literally (no key names).</summary>
    public Task TypeAsync(string text) => TmuxAsync("send-keys", "-t", Target, "-l", text);

    /// <summary>Presses keys by tmux name: <c>Enter</c>, <c>Up</c>, <c>Tab</c>, <c>C-c</c>, <c>C-d</c>.</summary>
    public Task PressAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", Target, .. keys]);

    /// <summary>The screen and its scrollback, one string a line, trailing blanks removed.</summary>
    public async Task<IReadOnlyList<string>> CaptureAsync()
    {
        var text = await TmuxAsync("capture-pane", "-p", "-J", "-S", "-", "-t", Target);
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Polls the screen until <paramref name="condition"/> holds; fails with the screen otherwise.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(string what, Func<IReadOnlyList<string>, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> screen = [];
        while (clock.Elapsed < Timeout)
        {
            screen = await CaptureAsync();
            if (condition(screen)) return screen;
            if (await IsDeadAsync())
            {
                screen = await CaptureAsync();
                if (condition(screen)) return screen;
                throw new AssertFailedException($"nsh exited while waiting for {what}; the screen:\n{string.Join('\n', screen)}");
            }
            await Task.Delay(50);
        }
        throw new AssertFailedException($"timed out after {Timeout.TotalSeconds:0} s waiting for {what}; the screen:\n{string.Join('\n', screen)}");
    }

    /// <summary>Waits until some line of the screen is exactly <paramref name="line"/>, <paramref name="count"/> times.</summary>
    public Task<IReadOnlyList<string>> WaitForLineAsync(string line, int count = 1) =>
        WaitForAsync($"{count} line(s) \"{line}\"", s => s.Count(l => l == line) >= count);

    /// <summary>Waits until the last line (where the cursor is) is exactly <paramref name="line"/>.</summary>
    public Task<IReadOnlyList<string>> WaitForLastLineAsync(string line) =>
        WaitForAsync($"the last line to be \"{line}\"", s => s.Count > 0 && s[^1] == line);

    /// <summary>How many prompt lines (<c>/; ...</c>) the screen holds.</summary>
    public static int Prompts(IReadOnlyList<string> screen) => screen.Count(l => l == "/;" || l.StartsWith("/; ", StringComparison.Ordinal));

    /// <summary>Waits for a fresh, empty prompt: at least <paramref name="count"/> prompt lines, the last one empty.</summary>
    public Task<IReadOnlyList<string>> WaitForPromptAsync(int count) =>
        WaitForAsync($"prompt number {count}", s => Prompts(s) >= count && s.Count > 0 && s[^1] == "/;");

    /// <summary>Types a command, presses Enter and waits for the next prompt; returns the screen then.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(string command)
    {
        var before = Prompts(await WaitForAsync("a prompt", s => s.Count > 0 && s[^1] == "/;"));
        await TypeAsync(command);
        await PressAsync("Enter");
        return await WaitForPromptAsync(before + 1);
    }

    /// <summary>Waits until the cursor is at <paramref name="column"/> and <paramref name="row"/> (0-based, on the visible screen).</summary>
    public async Task WaitForCursorAsync(int column, int row)
    {
        var clock = Stopwatch.StartNew();
        var at = "";
        while (clock.Elapsed < Timeout)
        {
            at = (await TmuxAsync("display-message", "-p", "-t", Target, "#{cursor_x} #{cursor_y}")).Trim();
            if (at == $"{column} {row}") return;
            await Task.Delay(50);
        }
        throw new AssertFailedException($"the cursor stayed at {at}, not {column} {row}; the screen:\n{string.Join('\n', await CaptureAsync())}");
    }

    /// <summary>Whether nsh has exited.</summary>
    public async Task<bool> IsDeadAsync() => (await TmuxAsync("list-panes", "-t", "nsh", "-F", "#{pane_dead}")).Trim() == "1";

    /// <summary>Waits for nsh to exit (the pane's process ends); returns nsh's exit status.</summary>
    public async Task<int> WaitForExitAsync()
    {
        // The status comes from the wrapping shell: tmux's own pane_dead_status depends on the tmux
        // server getting SIGCHLD, which a server started from the test host does not reliably get.
        var screen = await WaitForAsync("nsh to exit", s => s.Any(l => l.StartsWith(ExitedPrefix, StringComparison.Ordinal)));
        var clock = Stopwatch.StartNew();
        while (!await IsDeadAsync())
        {
            if (clock.Elapsed > Timeout) throw new AssertFailedException($"the pane did not end within {Timeout.TotalSeconds:0} s; the screen:\n{string.Join('\n', await CaptureAsync())}");
            await Task.Delay(50);
        }
        var line = screen.Last(l => l.StartsWith(ExitedPrefix, StringComparison.Ordinal));
        return int.Parse(line[ExitedPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the private tmux server (and nsh with it).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync("kill-server");
        }
        catch (AssertFailedException)
        {
            // Already gone.
        }
    }

    private static async Task EnsureTmuxAsync()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("tmux", "-V") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await probe.WaitForExitAsync();
            if (probe.ExitCode == 0) return;
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        Assert.Fail("tmux is not installed (apt-get install -y tmux): the REPL tests drive nsh through it");
    }

    private async Task<string> TmuxAsync(params string[] args)
    {
        var start = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(_config);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new AssertFailedException($"tmux {string.Join(' ', args)} failed ({process.ExitCode}): {(await stderr).Trim()}");
        return await stdout;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
