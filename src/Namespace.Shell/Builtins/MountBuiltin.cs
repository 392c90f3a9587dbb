using Namespace.Core.Paths;
using Namespace.Core.Providers;
using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>mount</c>: attach a provider made from a type and source.</summary>
internal sealed class MountBuiltin : IBuiltin
{
    public string Name => "mount";
    public string Usage => "mount [-b|-a] [-c] [-C] [-o k=v,...] -t TYPE SOURCE OLD [SPEC]";
    public string Summary => "mount a provider (mem, local, ...) at OLD; SPEC picks a directory inside it";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var flags = Flags.Parse(context.Args, "bacC", "ot");
        var type = flags.Value('t') ?? throw new UsageException("missing -t TYPE");
        var forProvider = new List<KeyValuePair<string, string>>();
        var options = MountOptions.From(flags, context.Session.MountTypes, type, forProvider);
        if (flags.Operands.Count is < 2 or > 3) throw new UsageException("expected SOURCE OLD [SPEC]");
        if (!context.Session.MountTypes.TryGet(type, out var factory))
            throw new UsageException($"unknown mount type '{type}' (known: {string.Join(", ", context.Session.MountTypes.Types)})");
        var request = new MountRequest(type, flags.Operands[0], context.Session.HostDirectory, [.. options.Options ?? [], .. forProvider])
        {
            WarnAsync = context.ErrorAsync,
        };
        var provider = await factory(request).ConfigureAwait(false);
        var spec = flags.Operands.Count == 3 ? flags.Operands[2] : null;
        // A cache element's SPEC is where its copies will go: the cache makes it (and refuses a file itself).
        var requiredSpec = flags.Has('C') ? null : spec;
        // The same source mounted twice is the same provider (so ns replays and binds agree).
        if (context.Os.FindProvider(provider.Source) is { } existing && !ReferenceEquals(existing, provider))
        {
            await CloseAsync(provider).ConfigureAwait(false);
            await RequireSpecAsync(existing, requiredSpec, context.CancellationToken).ConfigureAwait(false);
            await context.Os.MountAsync(flags.Operands[1], existing, options, spec, context.CancellationToken).ConfigureAwait(false);
            return 0;
        }
        try
        {
            await RequireSpecAsync(provider, requiredSpec, context.CancellationToken).ConfigureAwait(false);
            await context.Os.MountAsync(flags.Operands[1], provider, options, spec, context.CancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CloseAsync(provider).ConfigureAwait(false);
            throw;
        }
        // Mounted: the namespace closes it once no namespace holds it (unmount), or as nsh exits.
        context.Os.Adopt(provider);
        return 0;
    }

    // SPEC is Plan 9's attach name: a directory the source must have, or the mount would show nothing (or a file).
    private static async ValueTask RequireSpecAsync(IFileProvider provider, string? spec, CancellationToken cancellationToken)
    {
        if (spec is null) return;
        if (!VPath.TryParse(spec, out var path, out _)) throw new UsageException($"SPEC {spec}: not a path (SPEC is a directory inside the source)");
        var entry = await provider.StatAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is null) throw new UsageException($"SPEC {spec}: no such directory in the source");
        if (!entry.IsDirectory) throw new UsageException($"SPEC {spec}: not a directory in the source");
    }

    // Whoever opens a provider closes it: one this command opened and did not mount (another instance of the same source
    // is mounted already, or the mount was refused) is closed here; dbfs, for one, holds its connections until then.
    private static async ValueTask CloseAsync(IFileProvider provider)
    {
        if (provider is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else (provider as IDisposable)?.Dispose();
    }
}
