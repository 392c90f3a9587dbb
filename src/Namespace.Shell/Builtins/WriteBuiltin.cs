using System.Text;
using Namespace.Core.Providers;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>write</c>: replace a file's content with words, or with standard input.</summary>
internal sealed class WriteBuiltin : IBuiltin
{
    public string Name => "write";
    public string Usage => "write [-a] path [word...]";
    public string Summary => "write the words (a line), or standard input, to path; -a appends";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "a");
        if (flags.Operands.Count == 0) throw new UsageException("missing path");
        var path = flags.Operands[0];
        var words = flags.Operands.Skip(1).ToArray();
        Stream content = words.Length > 0
            ? new MemoryStream(Encoding.UTF8.GetBytes(string.Join(' ', words) + "\n"))
            : context.IO.Input;
        await context.Os.WriteStreamAsync(path, content, flags.Has('a') ? WriteMode.Append : WriteMode.Replace, context.CancellationToken).ConfigureAwait(false);
        return 0;
    }
}
