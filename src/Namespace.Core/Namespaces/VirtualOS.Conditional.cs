using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

public sealed partial class VirtualOS
{
    /// <summary>
    /// Opens a write of the whole file at <paramref name="target"/> that commits only while it is
    /// <paramref name="expected"/> (null: while nothing is there), in the element a plain write would use: where lookup
    /// finds the file, or for a new one the create element. That element's own conditional write when its provider
    /// offers one; else its plain write, checked when opened and again just before it commits (see
    /// <see cref="CheckedWriteStream"/>), which leaves a race.
    /// </summary>
    /// <exception cref="NamespaceException">Conflict, NotFound (parent), IsADirectory, ReadOnly, NoCreateElement, or a provider's error.</exception>
    internal async ValueTask<NsWriteStream> OpenWriteIfAsync(VPath target, CacheValidator? expected, CancellationToken cancellationToken)
    {
        if (expected is not null) ConditionalChecks.Require(expected);
        var table = _state.Table;
        var lookup = await LookupAsync(table, target, cancellationToken).ConfigureAwait(false);
        ConditionalChecks.ForWrite(target, lookup.Entry, expected);
        var element = await WriteElementAsync(table, target, lookup, cancellationToken).ConfigureAwait(false);
        var mount = lookup.Mount!;
        var providerPath = element.Map(lookup.Relative);
        try
        {
            var stream = element.Provider is IConditionalChange conditional
                ? await conditional.OpenWriteIfAsync(providerPath, expected, cancellationToken).ConfigureAwait(false)
                : await CheckedWriteStream.OpenAsync(element.Provider, providerPath, expected, cancellationToken).ConfigureAwait(false);
            return NamespaceWriteStream.Wrap(stream, mount.Path, element);
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, mount, element);
        }
    }

    /// <summary>
    /// Removes the file at <paramref name="target"/> only while it is <paramref name="expected"/>, in the element a plain
    /// remove acts on (where lookup finds it). That element's own conditional remove when its provider offers one; else
    /// its plain remove just after lookup found the version expected, which leaves a race (a change landing between the
    /// two is removed).
    /// </summary>
    /// <exception cref="NamespaceException">Conflict, NotFound, IsADirectory, ReadOnly, Busy, or a provider's error.</exception>
    internal async ValueTask DeleteIfAsync(VPath target, CacheValidator expected, CancellationToken cancellationToken)
    {
        ConditionalChecks.Require(expected);
        var lookup = await RemoveLookupAsync(_state.Table, target, cancellationToken).ConfigureAwait(false);
        var element = lookup.Element!;
        var providerPath = element.Map(lookup.Relative);
        try
        {
            if (element.Provider is IConditionalChange conditional)
            {
                await conditional.DeleteIfAsync(providerPath, expected, cancellationToken).ConfigureAwait(false);
                return;
            }
            ConditionalChecks.ForDelete(providerPath, lookup.Entry, expected);
            await element.Provider.DeleteAsync(providerPath, recursive: false, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, lookup.Mount!, element);
        }
    }
}
