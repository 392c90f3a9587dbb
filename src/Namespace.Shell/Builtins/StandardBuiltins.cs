using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>Every builtin nsh has.</summary>
public static class StandardBuiltins
{
    /// <summary>Fresh instances of all builtins.</summary>
    public static IReadOnlyList<IBuiltin> All() =>
    [
        new MountBuiltin(), new BindBuiltin(), new UnmountBuiltin(), new NsBuiltin(), new RforkBuiltin(),
        new LsBuiltin(), new CatBuiltin(), new WriteBuiltin(), new EchoBuiltin(), new CdBuiltin(), new PwdBuiltin(),
        new MkdirBuiltin(), new RmBuiltin(), new MvBuiltin(), new CpBuiltin(), new StatBuiltin(), new TouchBuiltin(),
        new TestBuiltin(), new HeadBuiltin(), new TailBuiltin(), new WcBuiltin(), new GrepBuiltin(), new WatchBuiltin(),
        new HelpBuiltin(), new HistoryBuiltin(), new ExitBuiltin(), new ConstantBuiltin("true", 0), new ConstantBuiltin("false", 1),
        new UnavailableBuiltin("flush", "flush [-t timeout] [path]", "wait until pending uploads under path are done", "the write-back uploader"),
        new StatusBuiltin(), new PurgeBuiltin(),
        new UnavailableBuiltin("resolve", "resolve --keep-local|--keep-remote path", "settle an upload conflict", "the write-back uploader"),
        new UnavailableBuiltin("serve", "serve DIR [ADDR]", "serve a directory as an HTTP origin", "httpfs and the origin server"),
        new UnavailableBuiltin("browse", "browse [path]", "open the full-screen browser", "the TUI browser"),
    ];
}
