using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

/// <summary>
/// The origin of a cache element: the union elements after it, seen as one provider. It is a namespace of its own
/// with that union at its root, so lookup, listing merge, the create rule and deeper cache elements behave exactly
/// as they do in the namespace it came from. Conditional changes (<see cref="IConditionalChange"/>, the write-back
/// uploader's) go where a plain change would; how close their check is to the change is that element's (see
/// <see cref="OpenWriteIfAsync"/>).
/// </summary>
public sealed class UnionProvider : IFileProvider, IConditionalChange
{
    private readonly VirtualOS _union;

    /// <summary>The union of <paramref name="elements"/> (first looked up first), composed by <paramref name="composers"/> as a namespace's unions are.</summary>
    public UnionProvider(UnionElement[] elements, params IUnionComposer[] composers)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (elements.Length == 0) throw new ArgumentException("a union needs at least one element", nameof(elements));
        Elements = elements;
        _union = VirtualOS.ForUnion(elements, composers);
        var capabilities = ProviderCapabilities.Read;
        foreach (var e in elements)
        {
            if (e.CanWrite) capabilities |= ProviderCapabilities.Write;
            if (e.CanMutate) capabilities |= ProviderCapabilities.Mutate;
            if (e.Provider.Capabilities.HasFlag(ProviderCapabilities.Watch)) capabilities |= ProviderCapabilities.Watch;
        }
        if (elements[0].Provider.Capabilities.HasFlag(ProviderCapabilities.Ranges)) capabilities |= ProviderCapabilities.Ranges;
        Capabilities = capabilities;
        Source = elements.Length == 1 ? elements[0].Provider.Source : new MountSource("union", string.Join(" ", (IEnumerable<UnionElement>)elements));
    }

    /// <summary>The elements of the union, first looked up first.</summary>
    public UnionElement[] Elements { get; }

    /// <summary>The elements as lookup uses them: <see cref="Elements"/> as the composers made them (see <see cref="MountPoint.Composed"/>).</summary>
    public IReadOnlyList<UnionElement> Composed => _union.Table.TryGetExact(VPath.Root, out var union) ? union.Composed : Elements;

    /// <inheritdoc/>
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc/>
    public MountSource Source { get; }

    /// <inheritdoc/>
    public ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default) => _union.TryStatAsync(path, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<NsEntry> ListAsync(VPath path, CancellationToken cancellationToken = default) => _union.ListAsync(path, cancellationToken);

    // With one element the namespace opens without a lookup first, so a miss costs the origin one request, not two.
    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default) => _union.OpenReadAsync(path.Value, cancellationToken);

    // Asks the one element about the path; its errors name the path as the union does.
    private async ValueTask<T> OnlyAsync<T>(VPath path, Func<IFileProvider, VPath, ValueTask<T>> ask)
    {
        var only = Elements[0];
        try
        {
            return await ask(only.Provider, only.Map(path)).ConfigureAwait(false);
        }
        catch (NamespaceException ex)
        {
            throw VirtualOS.Translate(ex, VPath.Root, only);
        }
    }

    /// <summary>True when a file can be opened with its entry in one request (one origin element that offers it).</summary>
    public bool OpensWithEntry => Elements is [{ Cache: false, Provider: IOpenWithEntry }];

    /// <summary>Opens a file and says what was opened, in one request; only when <see cref="OpensWithEntry"/>.</summary>
    public ValueTask<(NsEntry Entry, Stream Content)> OpenReadWithEntryAsync(VPath path, CancellationToken cancellationToken) =>
        OnlyAsync(path, (provider, mapped) => ((IOpenWithEntry)provider).OpenReadWithEntryAsync(mapped, cancellationToken));

    /// <summary>True when a file can be opened only if it changed, in one request (one origin element that offers it).</summary>
    public bool OpensIfChanged => Elements is [{ Cache: false, Provider: IOpenIfChanged }];

    /// <summary>Opens a file unless the version <paramref name="held"/> names is current (then null), in one request; only when <see cref="OpensIfChanged"/>.</summary>
    public ValueTask<(NsEntry Entry, Stream Content)?> OpenReadIfChangedAsync(VPath path, CacheValidator held, CancellationToken cancellationToken) =>
        OnlyAsync(path, (provider, mapped) => ((IOpenIfChanged)provider).OpenReadIfChangedAsync(mapped, held, cancellationToken));

    /// <summary>True when part of a file can be opened (one origin element that offers it).</summary>
    public bool OpensRanges => Elements is [{ Cache: false, Provider: IOpenRange }];

    /// <summary>Opens part of a file, as <see cref="IOpenRange.OpenRangeAsync"/> does; only when <see cref="OpensRanges"/>.</summary>
    public ValueTask<(NsEntry Entry, Stream Content)> OpenRangeAsync(VPath path, long offset, long length, NsEntry? version, CancellationToken cancellationToken) =>
        OnlyAsync(path, (provider, mapped) => ((IOpenRange)provider).OpenRangeAsync(mapped, offset, length, version, cancellationToken));

    /// <summary>Opens a file from its start, asking for its first bytes only, as <see cref="IOpenRange.OpenStartAsync"/> does; only when <see cref="OpensRanges"/>.</summary>
    public ValueTask<(NsEntry Entry, Stream Content, bool Whole)?> OpenStartAsync(VPath path, long length, CacheValidator? ifChanged, CancellationToken cancellationToken) =>
        OnlyAsync(path, (provider, mapped) => ((IOpenRange)provider).OpenStartAsync(mapped, length, ifChanged, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default) =>
        _union.OpenWriteAsync(path.Value, mode, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Goes to the element a plain write would (where lookup finds the file, or for a new one the create element): to its
    /// own conditional write when its provider offers one; else to its plain write, the version looked at when opened and
    /// again just before the commit, which leaves a race (a change landing between that look and the commit is
    /// overwritten).
    /// </remarks>
    public ValueTask<NsWriteStream> OpenWriteIfAsync(VPath path, CacheValidator? expected, CancellationToken cancellationToken = default) =>
        _union.OpenWriteIfAsync(path, expected, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Acts on the element a plain remove would (where lookup finds the file): its own conditional remove when its
    /// provider offers one; else its plain remove just after the lookup saw the version expected, which leaves a race (a
    /// change landing between the two is removed).
    /// </remarks>
    public ValueTask DeleteIfAsync(VPath path, CacheValidator expected, CancellationToken cancellationToken = default) =>
        _union.DeleteIfAsync(path, expected, cancellationToken);

    /// <inheritdoc/>
    public ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default) =>
        _union.CreateDirectoryAsync(path.Value, parents: false, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default) =>
        _union.DeleteAsync(path.Value, recursive, cancellationToken);

    /// <inheritdoc/>
    public ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default) =>
        _union.RenameAsync(from.Value, to.Value, cancellationToken);

    /// <inheritdoc/>
    public IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange)
    {
        var stop = new CancellationTokenSource();
        var events = _union.Watch(path.Value, VirtualOS.DefaultWatchCapacity, stop.Token);
        _ = PumpAsync(events, onChange, stop.Token);
        return new Stop(stop);
    }

    private static async Task PumpAsync(IAsyncEnumerable<ChangeEvent> events, Action<ChangeEvent> onChange, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in events.WithCancellation(cancellationToken).ConfigureAwait(false)) onChange(change);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (NamespaceException)
        {
            // The origin stopped reporting: say that events may have been lost.
            onChange(new ChangeEvent(ChangeKind.Overflow, VPath.Root));
        }
    }

    private sealed class Stop(CancellationTokenSource source) : IDisposable
    {
        public void Dispose()
        {
            source.Cancel();
            source.Dispose();
        }
    }
}
