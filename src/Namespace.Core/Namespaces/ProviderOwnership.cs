using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

/// <summary>
/// The providers a family of namespaces (one made by a <see cref="VirtualOS"/> constructor, its sessions and its forks)
/// was handed to close (<see cref="VirtualOS.Adopt"/>), and how many of the family's namespaces hold each provider in
/// their mount tables: one that no namespace holds any more is given back to be closed.
/// </summary>
internal sealed class ProviderOwnership
{
    private readonly Lock _lock = new();
    private readonly HashSet<IFileProvider> _owned = new(ReferenceEqualityComparer.Instance);
    private readonly HoldCounts<IFileProvider> _held = new();

    /// <summary>The family closes <paramref name="provider"/> once none of its namespaces holds it.</summary>
    public void Own(IFileProvider provider)
    {
        lock (_lock) _owned.Add(provider);
    }

    /// <summary>
    /// A namespace of the family now holds <paramref name="after"/> instead of <paramref name="before"/>: returns the
    /// providers owned that no namespace of the family holds any more (no longer owned: the caller closes them).
    /// </summary>
    public IFileProvider[] Published(MountTable before, MountTable after)
    {
        var was = Providers(before);
        var now = Providers(after);
        List<IFileProvider>? released = null;
        lock (_lock)
        {
            _held.Move(was, now, first: null, last: provider =>
            {
                if (_owned.Remove(provider)) (released ??= []).Add(provider);
            });
        }
        return released is null ? [] : [.. released];
    }

    /// <summary>Every provider owned, held or not (no longer owned: the caller closes them).</summary>
    public IFileProvider[] TakeAll()
    {
        lock (_lock)
        {
            IFileProvider[] all = [.. _owned];
            _owned.Clear();
            return all;
        }
    }

    /// <summary>Closes <paramref name="provider"/> (<see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>, if either).</summary>
    public static async ValueTask CloseAsync(IFileProvider provider)
    {
        if (provider is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else (provider as IDisposable)?.Dispose();
    }

    private static HashSet<IFileProvider> Providers(MountTable table)
    {
        var providers = new HashSet<IFileProvider>(ReferenceEqualityComparer.Instance);
        foreach (var mount in table.All)
        {
            foreach (var element in mount.Elements) providers.Add(element.Provider);
        }
        return providers;
    }
}
