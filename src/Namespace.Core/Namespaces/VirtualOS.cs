using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

/// <summary>
/// One namespace, as a process sees it: a mount table of unions (Plan 9 binds, with deep unions),
/// a current directory, and file operations that go through the table. The table is an immutable
/// snapshot swapped atomically, so readers never lock and never see a half-made change.
/// Thread-safe.
/// </summary>
public sealed partial class VirtualOS
{
    private static readonly UnixFileMode SyntheticMode = (UnixFileMode)0b111_101_101;
    private readonly NamespaceState _state;
    private VPath _cwd;

    /// <summary>Makes an empty namespace: only <c>/</c>, a listable empty directory.</summary>
    public VirtualOS() : this(new NamespaceState(MountTable.Empty, []), VPath.Root)
    {
    }

    /// <summary>
    /// Makes an empty namespace whose unions <paramref name="composers"/> compose (the cache layer is one; see
    /// <c>docs/embedding.md</c>); its sessions and forks keep them.
    /// </summary>
    public VirtualOS(params IUnionComposer[] composers) : this(new NamespaceState(MountTable.Empty, [.. composers]), VPath.Root)
    {
    }

    private VirtualOS(NamespaceState state, VPath cwd)
    {
        _state = state;
        _cwd = cwd;
    }

    // A namespace holding one union at its root, used as one provider (UnionProvider).
    internal static VirtualOS ForUnion(UnionElement[] elements, IUnionComposer[] composers) =>
        new(NamespaceState.ForOrigin(MountTable.Empty.With(new MountPoint(VPath.Root, elements, 0, composers)), composers), VPath.Root);

    /// <summary>This session's current directory; relative paths are resolved against it.</summary>
    public VPath CurrentDirectory => _cwd;

    /// <summary>The mount points and their unions, oldest first.</summary>
    public IReadOnlyList<MountPoint> Mounts => _state.Table.All.ToArray();

    internal MountTable Table => _state.Table;

    /// <summary>The layers that compose this namespace's unions, as it was made with them (its sessions and forks share them).</summary>
    public IReadOnlyList<IUnionComposer> Composers => _state.Composers;

    /// <summary>A private copy of the namespace (rc's <c>rfork n</c>): later changes to either leave the other alone.</summary>
    public VirtualOS Fork() => new(new NamespaceState(_state.Table, _state.Composers, _state.Ownership), _cwd);

    /// <summary>Another session of the same namespace, with its own current directory.</summary>
    public VirtualOS NewSession() => new(_state, _cwd);

    /// <summary>Resolves a path text against the current directory.</summary>
    /// <exception cref="NamespaceException">InvalidPath.</exception>
    public VPath ResolvePath(string path) => VPath.Resolve(_cwd, path);

    /// <summary>Changes the current directory.</summary>
    /// <exception cref="NamespaceException">NotFound, NotADirectory, InvalidPath.</exception>
    public async ValueTask ChangeDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = ResolvePath(path);
        var entry = await StatAsync(target, cancellationToken).ConfigureAwait(false);
        if (!entry.IsDirectory) throw NsErrors.NotADirectory(target, entry);
        _cwd = target;
    }

    /// <summary>
    /// Mounts <paramref name="provider"/> at <paramref name="old"/> (<c>mount [-b|-a] [-c] [-C] -t TYPE SOURCE OLD [SPEC]</c>).
    /// <paramref name="spec"/> picks the provider path shown there (its root by default).
    /// </summary>
    /// <exception cref="NamespaceException">InvalidPath; Exists when another provider instance is already mounted under the same type and source.</exception>
    public async ValueTask MountAsync(string old, IFileProvider provider, BindOptions? options = null, string? spec = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        options ??= BindOptions.Default;
        var oldPath = ResolvePath(old);
        var root = spec is null ? VPath.Root : VPath.Parse(spec);
        await _state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var table = _state.Table;
            var other = FindProvider(table, provider.Source);
            if (other is not null && !ReferenceEquals(other, provider))
                throw new NamespaceException(NsErrorKind.Exists, oldPath.Value, $"another provider is already mounted as {provider.Source}");
            UnionElement element = new(provider, root, options.Create, options.Cache, options.Options ?? []);
            await PublishCheckedAsync(await AddAsync(table, oldPath, [element], options.Position, cancellationToken).ConfigureAwait(false), oldPath, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _state.Gate.Release();
        }
    }

    /// <summary>
    /// Binds what is at <paramref name="new"/> onto <paramref name="old"/> (<c>bind [-b|-a] [-c] [-C] NEW OLD</c>).
    /// <paramref name="new"/> is resolved now, once: later changes at <paramref name="new"/> do not show at
    /// <paramref name="old"/>. Binding a union copies its elements (keeping their flags).
    /// </summary>
    /// <exception cref="NamespaceException">NotFound when nothing is at <paramref name="new"/>; InvalidPath.</exception>
    public async ValueTask BindAsync(string @new, string old, BindOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= BindOptions.Default;
        var newPath = ResolvePath(@new);
        var oldPath = ResolvePath(old);
        await _state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var table = _state.Table;
            var elements = await ElementsAtAsync(table, newPath, cancellationToken).ConfigureAwait(false);
            elements = elements.Length == 1
                ? [elements[0] with { Create = options.Create, Cache = options.Cache, Options = KeepReadOnly(elements[0], options.Options ?? []) }]
                : elements.Select(e => e with
                {
                    Create = e.Create || options.Create,
                    Cache = e.Cache || options.Cache,
                    Options = KeepReadOnly(e, options.Options ?? e.Options),
                }).ToArray();
            await PublishCheckedAsync(await AddAsync(table, oldPath, elements, options.Position, cancellationToken).ConfigureAwait(false), oldPath, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _state.Gate.Release();
        }
    }

    /// <summary>Removes the whole union at <paramref name="old"/> (<c>unmount OLD</c>).</summary>
    /// <exception cref="NamespaceException">NotFound when nothing is mounted there.</exception>
    public async ValueTask UnmountAsync(string old, CancellationToken cancellationToken = default)
    {
        var oldPath = ResolvePath(old);
        await _state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var table = _state.Table;
            if (!table.TryGetExact(oldPath, out _)) throw new NamespaceException(NsErrorKind.NotFound, oldPath.Value, "not a mount point");
            await PublishAsync(table.Without(oldPath)).ConfigureAwait(false);
        }
        finally
        {
            _state.Gate.Release();
        }
    }

    /// <summary>Removes from the union at <paramref name="old"/> the first element that <paramref name="new"/> resolves to (<c>unmount NEW OLD</c>).</summary>
    /// <exception cref="NamespaceException">NotFound when nothing is mounted at <paramref name="old"/> or <paramref name="new"/> is not in that union.</exception>
    public async ValueTask UnmountAsync(string @new, string old, CancellationToken cancellationToken = default)
    {
        var newPath = ResolvePath(@new);
        var oldPath = ResolvePath(old);
        await _state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var table = _state.Table;
            if (!table.TryGetExact(oldPath, out var mount)) throw new NamespaceException(NsErrorKind.NotFound, oldPath.Value, "not a mount point");
            var candidates = await ElementsAtAsync(table, newPath, cancellationToken).ConfigureAwait(false);
            var index = mount.Elements.ToList().FindIndex(e => candidates.Any(c => ReferenceEquals(c.Provider, e.Provider) && c.Root == e.Root));
            if (index < 0) throw new NamespaceException(NsErrorKind.NotFound, newPath.Value, $"not bound at {oldPath}");
            var remaining = mount.Elements.Where((_, i) => i != index).ToArray();
            await PublishAsync(remaining.Length == 0 ? table.Without(oldPath) : table.With(Union(oldPath, remaining, mount.Order))).ConfigureAwait(false);
        }
        finally
        {
            _state.Gate.Release();
        }
    }

    /// <summary>
    /// Hands <paramref name="provider"/> (mounted in this namespace) to the namespace to close: it is disposed once no
    /// namespace of this one's family (its sessions and forks too) holds it any more after an unmount, or a mount or bind
    /// that replaced it, or by <see cref="CloseAsync()"/>. The shell's <c>mount</c> hands over each provider it opens.
    /// </summary>
    public void Adopt(IFileProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _state.Ownership?.Own(provider);
    }

    /// <summary>
    /// Unmounts everything and closes every provider handed to this namespace's family (<see cref="Adopt"/>), held by
    /// its other namespaces or not, once the composers have stopped using them: the family is done (nsh calls it as it
    /// exits). Its other namespaces must not be used afterwards.
    /// </summary>
    public async ValueTask CloseAsync()
    {
        await _state.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var released = _state.Publish(MountTable.Empty);
            await CloseReleasedAsync([.. released, .. _state.Ownership?.TakeAll() ?? []]).ConfigureAwait(false);
        }
        finally
        {
            _state.Gate.Release();
        }
    }

    /// <summary>The namespace as <c>mount</c> commands that rebuild it (one per union element, oldest union first).</summary>
    public IReadOnlyList<NsCommand> NsCommands() =>
        _state.Table.All.SelectMany(m => m.Elements.Select((e, i) => new NsCommand(
            new BindOptions(i == 0 ? BindPosition.Replace : BindPosition.After, e.Create, e.Cache, e.Options),
            e.Provider.Source.Type, e.Provider.Source.Source, m.Path, e.Root))).ToArray();

    /// <summary>The <c>ns</c> script: <see cref="NsCommands"/> as rc lines, each ending in a newline.</summary>
    public string Ns() => string.Concat(NsCommands().Select(c => c + "\n"));

    /// <summary>The mount point whose union serves <paramref name="path"/> (the deepest one at or above it), or null when none does.</summary>
    public MountPoint? MountServing(VPath path) => _state.Table.TryFind(path, out var mount) ? mount : null;

    /// <summary>The provider mounted somewhere in this namespace under <paramref name="source"/>, if any (so a replayed mount reuses it).</summary>
    public IFileProvider? FindProvider(MountSource source) => FindProvider(_state.Table, source);

    private static IFileProvider? FindProvider(MountTable table, MountSource source) =>
        table.All.SelectMany(m => m.Elements).Select(e => e.Provider).FirstOrDefault(p => p.Source == source);

    // A bind may add flags and options, never take away read-only: what refuses changes at NEW refuses them at OLD too.
    private static IReadOnlyList<KeyValuePair<string, string>> KeepReadOnly(UnionElement element, IReadOnlyList<KeyValuePair<string, string>> options) =>
        element.IsReadOnly && !options.Any(o => o.Key == UnionElement.ReadOnlyOption) ? [new(UnionElement.ReadOnlyOption, ""), .. options] : options;

    // What NEW names at bind time: the elements of the union that serves it, rooted at NEW.
    private async ValueTask<UnionElement[]> ElementsAtAsync(MountTable table, VPath path, CancellationToken cancellationToken)
    {
        var lookup = await LookupAsync(table, path, cancellationToken).ConfigureAwait(false);
        if (lookup.IsMissing) throw NsErrors.NotFound(path);
        if (lookup.Mount is not { } mount)
            throw NsErrors.InvalidPath(path, "nothing is mounted there, only below it; bind the mounts themselves");
        return mount.Elements.Select(e => e with { Root = e.Map(lookup.Relative) }).ToArray();
    }

    private async ValueTask<MountTable> AddAsync(MountTable table, VPath old, UnionElement[] added, BindPosition position, CancellationToken cancellationToken)
    {
        if (position == BindPosition.Replace)
            return table.With(Union(old, added, table.NextOrder));
        if (table.TryGetExact(old, out var existing))
        {
            UnionElement[] elements = position == BindPosition.Before ? [.. added, .. existing.Elements] : [.. existing.Elements, .. added];
            return table.With(Union(old, elements, existing.Order));
        }
        // Plan 9: binding onto a path with no union yet puts the path itself in the union first.
        var self = new List<UnionElement>();
        if (table.TryFind(old, out var enclosing))
        {
            var relative = old.RelativeTo(enclosing.Path);
            foreach (var e in enclosing.Elements)
            {
                var root = e.Map(relative);
                NsEntry? entry;
                try
                {
                    entry = await e.Provider.StatAsync(root, cancellationToken).ConfigureAwait(false);
                }
                catch (NamespaceException ex)
                {
                    throw Translate(ex, enclosing, e);
                }
                // A cache element stays in the union even before it holds this directory: its fills will make it.
                if (entry is { IsDirectory: true } || e.Cache) self.Add(e with { Root = root });
            }
        }
        UnionElement[] union = position == BindPosition.Before ? [.. added, .. self] : [.. self, .. added];
        return table.With(Union(old, union, table.NextOrder));
    }

    private MountPoint Union(VPath path, UnionElement[] elements, long order) => new(path, elements, order, _state.Composers);

    // Publishes a table changed at one mount point once the namespace's composers accept it.
    private async ValueTask PublishCheckedAsync(MountTable table, VPath changed, CancellationToken cancellationToken)
    {
        if (_state.Composers.Length > 0 && table.TryGetExact(changed, out var mount))
        {
            var all = table.All.ToArray();
            foreach (var composer in _state.Composers) await composer.CheckAsync(all, mount, cancellationToken).ConfigureAwait(false);
        }
        await PublishAsync(table).ConfigureAwait(false);
    }

    // Publishes a table, then closes the providers handed to the namespace that no namespace of its family holds any more.
    private async ValueTask PublishAsync(MountTable table)
    {
        var released = _state.Publish(table);
        if (released.Length > 0) await CloseReleasedAsync(released).ConfigureAwait(false);
    }

    // Once the composers have stopped what used them (a cache element saves what it counted into its store as it stops).
    private async ValueTask CloseReleasedAsync(IFileProvider[] providers)
    {
        foreach (var composer in _state.Composers) await composer.StoppedAsync().ConfigureAwait(false);
        foreach (var provider in providers) await ProviderOwnership.CloseAsync(provider).ConfigureAwait(false);
    }

    private static NamespaceException Translate(NamespaceException error, MountPoint mount, UnionElement element) =>
        Translate(error, mount.Path, element);

    // An error about an element's provider path, about the namespace path instead (element mounted at mountPath).
    internal static NamespaceException Translate(NamespaceException error, VPath mountPath, UnionElement element)
    {
        if (!VPath.TryParse(error.Path, out var providerPath, out _) || !providerPath.IsUnder(element.Root)) return error;
        return error.WithPath(mountPath.Join(providerPath.RelativeTo(element.Root)).Value);
    }

    private static NsEntry Synthetic(VPath path) =>
        new(path.Name, EntryKind.Directory, 0, SyntheticMode, DateTimeOffset.UnixEpoch, null, "ns");
}
