using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>Every builtin nsh has.</summary>
public static class StandardBuiltins
{
    /// <summary>Fresh instances of all builtins.</summary>
    public static IReadOnlyList<IBuiltin> All() => [.. Table().Values];

    /// <summary>
    /// All builtins by name, each made when first run: what a shell uses, since start-up then loads only
    /// the builtins a script runs.
    /// </summary>
    public static BuiltinTable Table() => new()
    {
        { "mount", () => new MountBuiltin() }, { "bind", () => new BindBuiltin() }, { "unmount", () => new UnmountBuiltin() },
        { "ns", () => new NsBuiltin() }, { "rfork", () => new RforkBuiltin() },
        { "ls", () => new LsBuiltin() }, { "cat", () => new CatBuiltin() }, { "write", () => new WriteBuiltin() },
        { "echo", () => new EchoBuiltin() }, { "cd", () => new CdBuiltin() }, { "pwd", () => new PwdBuiltin() },
        { "mkdir", () => new MkdirBuiltin() }, { "rm", () => new RmBuiltin() }, { "mv", () => new MvBuiltin() },
        { "cp", () => new CpBuiltin() }, { "dd", () => new DdBuiltin() }, { "stat", () => new StatBuiltin() }, { "touch", () => new TouchBuiltin() },
        { "test", () => new TestBuiltin() }, { "head", () => new HeadBuiltin() }, { "tail", () => new TailBuiltin() },
        { "wc", () => new WcBuiltin() }, { "grep", () => new GrepBuiltin() }, { "watch", () => new WatchBuiltin() },
        { "help", () => new HelpBuiltin() }, { "history", () => new HistoryBuiltin() }, { "exit", () => new ExitBuiltin() },
        { "return", () => new ReturnBuiltin() },
        { "true", () => new ConstantBuiltin("true", 0) }, { "false", () => new ConstantBuiltin("false", 1) },
        { "flush", () => new FlushBuiltin() },
        { "status", () => new StatusBuiltin() }, { "purge", () => new PurgeBuiltin() },
        { "resolve", () => new ResolveBuiltin() },
        { "serve", () => new UnavailableBuiltin("serve", "serve DIR [ADDR]", "serve a directory as an HTTP origin", "httpfs and the origin server") },
        { "browse", () => new UnavailableBuiltin("browse", "browse [path]", "open the full-screen browser", "the TUI browser") },
    };
}
