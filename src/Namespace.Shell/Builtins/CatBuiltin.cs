using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>cat</c>: copy files (or standard input) to standard output, streaming.</summary>
internal sealed class CatBuiltin : IBuiltin
{
    public string Name => "cat";
    public string Usage => "cat [path...]";
    public string Summary => "write files, or standard input, to standard output";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "");
        if (flags.Operands.Count == 0)
        {
            await context.IO.Input.CopyToAsync(context.IO.Output, context.CancellationToken).ConfigureAwait(false);
            return 0;
        }
        return await EachPath.RunAsync(context, flags.Operands, async path =>
        {
            await using var input = await context.Os.OpenReadAsync(path, context.CancellationToken).ConfigureAwait(false);
            await input.CopyToAsync(context.IO.Output, 64 * 1024, context.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
