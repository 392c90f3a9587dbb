using System.Runtime.CompilerServices;
using System.Text;
using Namespace.Core.Errors;
using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Namespaces;

public sealed partial class VirtualOS
{
    /// <summary>The entry at a path (the first union element that has the name wins).</summary>
    /// <exception cref="NamespaceException">NotFound, InvalidPath, or a provider's error.</exception>
    public ValueTask<NsEntry> StatAsync(string path, CancellationToken cancellationToken = default) =>
        StatAsync(ResolvePath(path), cancellationToken);

    /// <inheritdoc cref="StatAsync(string, CancellationToken)"/>
    public ValueTask<NsEntry> StatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        // The hot path of every lookup, kept flat: while providers answer synchronously, no async machinery runs.
        var table = _state.Table;
        if (table.TryFind(path, out var mount))
        {
            var relative = path.RelativeToKnownAncestor(mount.Path);
            var elements = mount.Items;
            for (var i = 0; i < elements.Length; i++)
            {
                var element = elements[i];
                ValueTask<NsEntry?> pending;
                try
                {
                    pending = element.Provider.StatAsync(element.Map(relative), cancellationToken);
                }
                catch (NamespaceException ex)
                {
                    return ValueTask.FromException<NsEntry>(Translate(ex, mount, element));
                }
                if (!pending.IsCompletedSuccessfully)
                    return AwaitEntryAsync(LookupSlowAsync(table, path, mount, relative, i, pending, cancellationToken), path);
                if (pending.Result is { } entry)
                    return new ValueTask<NsEntry>(relative.IsRoot ? Found(mount, relative, element, entry, path).Entry! : entry);
            }
        }
        var lookup = LookupAsync(table, path, cancellationToken);
        if (!lookup.IsCompletedSuccessfully) return AwaitEntryAsync(lookup, path);
        return lookup.Result.Entry is { } found ? new ValueTask<NsEntry>(found) : ValueTask.FromException<NsEntry>(NsErrors.NotFound(path));

        static async ValueTask<NsEntry> AwaitEntryAsync(ValueTask<Lookup> pending, VPath path) =>
            (await pending.ConfigureAwait(false)).Entry ?? throw NsErrors.NotFound(path);
    }

    /// <summary>The entry at a path, or null when nothing is there.</summary>
    /// <exception cref="NamespaceException">InvalidPath, or a provider's error other than not-found.</exception>
    public async ValueTask<NsEntry?> TryStatAsync(VPath path, CancellationToken cancellationToken = default)
    {
        var lookup = await LookupAsync(_state.Table, path, cancellationToken).ConfigureAwait(false);
        return lookup.Entry;
    }

    /// <summary>True when something is at the path.</summary>
    public async ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        await TryStatAsync(ResolvePath(path), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// The entries of a directory: every name of every union element once (from the first element
    /// that has it), mount points below it included, sorted ordinally.
    /// </summary>
    /// <exception cref="NamespaceException">NotFound, NotADirectory, or a provider's error.</exception>
    public IAsyncEnumerable<NsEntry> ListAsync(string path, CancellationToken cancellationToken = default) =>
        ListAsync(ResolvePath(path), cancellationToken);

    /// <inheritdoc cref="ListAsync(string, CancellationToken)"/>
    public async IAsyncEnumerable<NsEntry> ListAsync(VPath path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = _state.Table;
        var lookup = await LookupAsync(table, path, cancellationToken).ConfigureAwait(false);
        if (lookup.IsMissing) throw NsErrors.NotFound(path);
        if (!lookup.Entry!.IsDirectory) throw NsErrors.NotADirectory(path, lookup.Entry);

        var sources = new List<NsEntry[]>();
        var mountChildren = table.MountChildren(path);
        if (mountChildren.Length > 0)
        {
            var entries = new NsEntry[mountChildren.Length];
            for (var i = 0; i < entries.Length; i++)
                entries[i] = (await LookupAsync(table, path.Child(mountChildren[i]), cancellationToken).ConfigureAwait(false)).Entry!;
            sources.Add(entries);
        }

        var contributing = new List<UnionElement>();
        var mount = lookup.Mount;
        if (mount is not null)
        {
            // Elements before the one that answered the lookup do not have this directory; later ones might.
            var index = lookup.Element is { } first ? Array.IndexOf(mount.Items, first) : -1;
            if (index >= 0) contributing.Add(lookup.Element!);
            for (var i = index + 1; i < mount.Items.Length; i++)
            {
                var element = mount.Items[i];
                var entry = await ProviderStatAsync(mount, element, element.Map(lookup.Relative), cancellationToken).ConfigureAwait(false);
                if (entry is { IsDirectory: true }) contributing.Add(element);
            }
        }

        if (sources.Count == 0 && contributing.Count == 1)
        {
            // One source only: stream it through, unbuffered.
            var element = contributing[0];
            var enumerator = element.Provider.ListAsync(element.Map(lookup.Relative), cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (enumerator.ConfigureAwait(false))
            {
                while (true)
                {
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) yield break;
                    }
                    catch (NamespaceException ex)
                    {
                        throw Translate(ex, mount!, element);
                    }
                    if (Listable(path, enumerator.Current)) yield return enumerator.Current;
                }
            }
        }

        foreach (var element in contributing)
            sources.Add(await CollectAsync(mount!, element, element.Map(lookup.Relative), path, cancellationToken).ConfigureAwait(false));
        foreach (var entry in UnionMerge.Merge(sources)) yield return entry;
    }

    /// <summary>Opens a file for reading.</summary>
    /// <exception cref="NamespaceException">NotFound, IsADirectory, or a provider's error.</exception>
    public async ValueTask<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var target = ResolvePath(path);
        var table = _state.Table;
        if (table.TryFind(target, out var mount) && mount.Items[0].Provider is IOpenWithLookup first && !table.HasMountsBelow(target))
        {
            // A cache element first in its union: a fresh copy is served with one look at the cache, no lookup (and a
            // miss over an HTTP origin with one request).
            var relative = target.RelativeToKnownAncestor(mount.Path);
            Stream? fast;
            try
            {
                fast = await first.TryOpenWithoutLookupAsync(mount.Items[0].Map(relative), cancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException ex)
            {
                throw Translate(ex, mount, mount.Items[0]);
            }
            if (fast is not null) return NamespaceReadStream.Wrap(fast, mount.Path, mount.Items[0]);
        }
        else if (mount is { Items: [var only] } && only.Provider is not IOpenWithLookup && target != mount.Path && !table.HasMountsBelow(target))
        {
            // One element and nothing mounted below: its own open says what is there (over HTTP one request, not a
            // lookup and then the open).
            try
            {
                var stream = await only.Provider.OpenReadAsync(only.Map(target.RelativeToKnownAncestor(mount.Path)), cancellationToken).ConfigureAwait(false);
                return NamespaceReadStream.Wrap(stream, mount.Path, only);
            }
            catch (NamespaceException ex)
            {
                throw Translate(ex, mount, only);
            }
        }
        var lookup = await LookupAsync(table, target, cancellationToken).ConfigureAwait(false);
        if (lookup.IsMissing) throw NsErrors.NotFound(target);
        if (lookup.Element is not { } element || lookup.Entry!.IsDirectory) throw NsErrors.IsADirectory(target);
        try
        {
            // A cache element has just decided, in lookup, whether its copy will do: it need not decide again.
            var stream = element.Provider is IOpenWithLookup cached
                ? await cached.OpenReadAsync(element.Map(lookup.Relative), lookup.Entry, cancellationToken).ConfigureAwait(false)
                : await element.Provider.OpenReadAsync(element.Map(lookup.Relative), cancellationToken).ConfigureAwait(false);
            return NamespaceReadStream.Wrap(stream, lookup.Mount!.Path, element);
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, lookup.Mount!, element);
        }
    }

    /// <summary>
    /// Opens a file for writing. An existing file is written where lookup finds it; a new one is
    /// created in the union's create element (the first <c>-c</c> element, or the only non-cache
    /// element). The content becomes visible when the stream is disposed; call
    /// <see cref="NsWriteStream.Abort"/> first to throw it away.
    /// </summary>
    /// <exception cref="NamespaceException">NotFound (parent), IsADirectory, Exists, ReadOnly, NoCreateElement, or a provider's error.</exception>
    public async ValueTask<NsWriteStream> OpenWriteAsync(string path, WriteMode mode = WriteMode.Replace, CancellationToken cancellationToken = default)
    {
        var target = ResolvePath(path);
        var table = _state.Table;
        if (table.TryFind(target, out var only) && only.Items is [{ Provider: IWriteWithoutLookup local } first] && target != only.Path && !table.HasMountsBelow(target))
        {
            // A write-back cache element alone in its union: the write is made locally, whatever its origin can answer.
            try
            {
                var fast = await local.TryOpenWriteWithoutLookupAsync(first.Map(target.RelativeToKnownAncestor(only.Path)), mode, cancellationToken).ConfigureAwait(false);
                if (fast is not null) return NamespaceWriteStream.Wrap(fast, only.Path, first);
            }
            catch (NamespaceException ex)
            {
                throw Translate(ex, only, first);
            }
        }
        var lookup = await LookupAsync(table, target, cancellationToken).ConfigureAwait(false);
        if (mode == WriteMode.CreateNew && lookup.Entry is { IsDirectory: false }) throw NsErrors.Exists(target);
        var element = await WriteElementAsync(table, target, lookup, cancellationToken).ConfigureAwait(false);
        var mount = lookup.Mount!;
        try
        {
            var stream = await element.Provider.OpenWriteAsync(element.Map(lookup.Relative), mode, cancellationToken).ConfigureAwait(false);
            return NamespaceWriteStream.Wrap(stream, mount.Path, element);
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, mount, element);
        }
    }

    /// <summary>Makes a directory (and, with <paramref name="parents"/>, its missing ancestors; an existing directory is then no error).</summary>
    /// <exception cref="NamespaceException">Exists, NotFound (parent), ReadOnly, NoCreateElement, or a provider's error.</exception>
    public async ValueTask CreateDirectoryAsync(string path, bool parents = false, CancellationToken cancellationToken = default)
    {
        var target = ResolvePath(path);
        var table = _state.Table;
        var lookup = await LookupAsync(table, target, cancellationToken).ConfigureAwait(false);
        if (lookup.Entry is { } existing)
        {
            if (parents && existing.IsDirectory) return;
            throw NsErrors.Exists(target);
        }
        if (parents && !target.Parent.IsRoot)
            await CreateDirectoryAsync(target.Parent.Value, parents: true, cancellationToken).ConfigureAwait(false);
        var element = await PrepareCreateAsync(table, target, lookup, cancellationToken).ConfigureAwait(false);
        var mount = lookup.Mount!;
        try
        {
            await element.Provider.CreateDirectoryAsync(element.Map(lookup.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex)
        {
            // Another process may have made it between the lookup and the create: with -p that is what was asked for.
            if (parents && ex.Kind == NsErrorKind.Exists
                && (await LookupAsync(_state.Table, target, cancellationToken).ConfigureAwait(false)).Entry is { IsDirectory: true }) return;
            throw Translate(ex, mount, element);
        }
    }

    /// <summary>Removes what lookup finds at the path (a directory must be empty unless <paramref name="recursive"/>).</summary>
    /// <exception cref="NamespaceException">NotFound, NotEmpty, ReadOnly, Busy (a mount point or above one), or a provider's error.</exception>
    public async ValueTask DeleteAsync(string path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        var target = ResolvePath(path);
        var lookup = await RemoveLookupAsync(_state.Table, target, cancellationToken).ConfigureAwait(false);
        var element = lookup.Element!;
        try
        {
            await element.Provider.DeleteAsync(element.Map(lookup.Relative), recursive, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, lookup.Mount!, element);
        }
    }

    /// <summary>Renames within one provider (replacing a file at the destination, as Unix rename does).</summary>
    /// <exception cref="NamespaceException">NotFound, ReadOnly, Busy, CrossDevice (the destination is in another provider), or a provider's error.</exception>
    public async ValueTask RenameAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        var source = ResolvePath(from);
        var target = ResolvePath(to);
        var table = _state.Table;
        if (table.TryGetExact(source, out _) || table.HasMountsBelow(source)) throw NsErrors.Busy(source);
        if (table.TryGetExact(target, out _) || table.HasMountsBelow(target)) throw NsErrors.Busy(target);
        var lookup = await LookupAsync(table, source, cancellationToken).ConfigureAwait(false);
        if (lookup.Element is not { } element) throw NsErrors.NotFound(source);
        if (!element.CanMutate) throw NsErrors.ReadOnly(source);
        if (!table.TryFind(target, out var targetMount)) throw NsErrors.CrossDevice(target);
        var targetElement = ReferenceEquals(targetMount, lookup.Mount)
            ? element
            : targetMount.Items.FirstOrDefault(e => ReferenceEquals(e.Provider, element.Provider)) ?? throw NsErrors.CrossDevice(target);
        var targetRelative = target.RelativeTo(targetMount.Path);
        await RequireDirectoryAsync(table, target.Parent, cancellationToken).ConfigureAwait(false);
        await EnsureDirectoriesAsync(targetMount, targetElement, targetRelative.Parent, cancellationToken).ConfigureAwait(false);
        try
        {
            await element.Provider.MoveAsync(element.Map(lookup.Relative), targetElement.Map(targetRelative), cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, lookup.Mount!, element);
        }
    }

    /// <summary>
    /// Copies a file (or, with <paramref name="recursive"/>, a directory tree), across providers too, streaming. In a
    /// tree, a symbolic link to a directory, and one that cannot be followed (<see cref="EntryKind.SymbolicLink"/>), are
    /// skipped with a warning (<see cref="NamespaceWarnings"/>); one to a file is copied as the file.
    /// </summary>
    /// <exception cref="NamespaceException">NotFound, IsADirectory (a directory without <paramref name="recursive"/>), or any write error.</exception>
    public async ValueTask CopyAsync(string from, string to, bool recursive = false, CancellationToken cancellationToken = default)
    {
        var source = ResolvePath(from);
        var target = ResolvePath(to);
        var entry = await StatAsync(source, cancellationToken).ConfigureAwait(false);
        if (entry.IsDirectory)
        {
            if (!recursive) throw NsErrors.IsADirectory(source);
            if (target.IsUnder(source)) throw NsErrors.InvalidPath(target, $"cannot copy {source} into itself");
            await CreateDirectoryAsync(target.Value, parents: true, cancellationToken).ConfigureAwait(false);
            await foreach (var child in ListAsync(source, cancellationToken).ConfigureAwait(false))
            {
                // As Unix cp -r: a link to a directory inside the tree is not followed (one to an ancestor would never end).
                if (child is { IsDirectory: true, IsSymbolicLink: true })
                {
                    NamespaceWarnings.Report(NsErrors.LinkNotFollowed(source.Child(child.Name)));
                    continue;
                }
                if (child.Kind == EntryKind.SymbolicLink)
                {
                    NamespaceWarnings.Report(NsErrors.LinkNotCopied(source.Child(child.Name)));
                    continue;
                }
                await CopyAsync(source.Child(child.Name).Value, target.Child(child.Name).Value, recursive, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        await using var input = await OpenReadAsync(source.Value, cancellationToken).ConfigureAwait(false);
        await WriteStreamAsync(target.Value, input, WriteMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the whole of <paramref name="content"/> to a file, committing only if all of it was written.</summary>
    public async ValueTask WriteStreamAsync(string path, Stream content, WriteMode mode = WriteMode.Replace, CancellationToken cancellationToken = default)
    {
        var output = await OpenWriteAsync(path, mode, cancellationToken).ConfigureAwait(false);
        await using (output.ConfigureAwait(false))
        {
            try
            {
                await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                output.Abort();
                throw;
            }
        }
    }

    /// <summary>Reads a whole file into memory (for small files; stream large ones with <see cref="OpenReadAsync"/>).</summary>
    public async ValueTask<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Reads a whole file as UTF-8 text.</summary>
    public async ValueTask<string> ReadAllTextAsync(string path, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>Replaces a file's content (creating it if needed).</summary>
    public async ValueTask WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var output = await OpenWriteAsync(path, WriteMode.Replace, cancellationToken).ConfigureAwait(false);
        await using (output.ConfigureAwait(false))
        {
            try
            {
                await output.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                output.Abort();
                throw;
            }
        }
    }

    /// <summary>Replaces a file's content with UTF-8 text (creating it if needed).</summary>
    public ValueTask WriteAllTextAsync(string path, string content, CancellationToken cancellationToken = default) =>
        WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(content), cancellationToken);

    // The element a write of `path` goes to (in lookup.Mount): where lookup found the file (Plan 9: no copy-up), else the
    // create element.
    private async ValueTask<UnionElement> WriteElementAsync(MountTable table, VPath path, Lookup lookup, CancellationToken cancellationToken)
    {
        if (lookup.Entry is not { } existing) return await PrepareCreateAsync(table, path, lookup, cancellationToken).ConfigureAwait(false);
        if (existing.IsDirectory) throw NsErrors.IsADirectory(path);
        return lookup.Element!.CanWrite ? lookup.Element : throw NsErrors.ReadOnly(path);
    }

    // What a remove of `path` acts on: the element lookup finds it in (never a mount point or above one).
    private static async ValueTask<Lookup> RemoveLookupAsync(MountTable table, VPath path, CancellationToken cancellationToken)
    {
        if (table.TryGetExact(path, out _) || table.HasMountsBelow(path)) throw NsErrors.Busy(path);
        var lookup = await LookupAsync(table, path, cancellationToken).ConfigureAwait(false);
        if (lookup.Element is not { } element) throw NsErrors.NotFound(path);
        return element.CanMutate ? lookup : throw NsErrors.ReadOnly(path);
    }

    // Where a new name at `path` is created (in lookup.Mount): the union's create element, with the parent made
    // there if only other elements have it. (Not a tuple: ValueTask over a struct is JIT-compiled at start-up.)
    private async ValueTask<UnionElement> PrepareCreateAsync(MountTable table, VPath path, Lookup lookup, CancellationToken cancellationToken)
    {
        if (lookup.Mount is not { } mount)
            throw new NamespaceException(NsErrorKind.ReadOnly, path.Value, "nothing is mounted here to create it in");
        if (lookup.Relative.IsRoot) throw NsErrors.Exists(path);
        await RequireDirectoryAsync(table, path.Parent, cancellationToken).ConfigureAwait(false);
        var element = CreateElement(mount, path);
        await EnsureDirectoriesAsync(mount, element, lookup.Relative.Parent, cancellationToken).ConfigureAwait(false);
        return element;
    }

    private async ValueTask RequireDirectoryAsync(MountTable table, VPath path, CancellationToken cancellationToken)
    {
        var parent = await LookupAsync(table, path, cancellationToken).ConfigureAwait(false);
        if (parent.IsMissing) throw NsErrors.NotFound(path);
        if (!parent.Entry!.IsDirectory) throw NsErrors.NotADirectory(path, parent.Entry);
    }

    private static UnionElement CreateElement(MountPoint mount, VPath path)
    {
        foreach (var element in mount.Items)
        {
            if (!element.Create) continue;
            return element.CanWrite ? element : throw NsErrors.ReadOnly(path);
        }
        UnionElement? only = null;
        foreach (var element in mount.Items)
        {
            if (element.Cache) continue;
            if (only is not null) throw NsErrors.NoCreateElement(path, mount.Path);
            only = element;
        }
        if (only is null) throw NsErrors.NoCreateElement(path, mount.Path);
        return only.CanWrite ? only : throw NsErrors.ReadOnly(path);
    }

    // Deep unions: a directory seen through one element may be missing in the element that creates; make it there.
    private static async ValueTask EnsureDirectoriesAsync(MountPoint mount, UnionElement element, VPath relativeDirectory, CancellationToken cancellationToken)
    {
        var current = VPath.Root;
        foreach (var segment in relativeDirectory.Segments)
        {
            current = current.Child(segment);
            var providerPath = element.Map(current);
            var entry = await ProviderStatAsync(mount, element, providerPath, cancellationToken).ConfigureAwait(false);
            if (entry is { IsDirectory: true }) continue;
            if (entry is not null) throw NsErrors.NotADirectory(mount.Path.Join(current), entry);
            try
            {
                await element.Provider.CreateDirectoryAsync(providerPath, cancellationToken).ConfigureAwait(false);
            }
            catch (NamespaceException ex) when (ex.Kind != NsErrorKind.Exists)
            {
                throw Translate(ex, mount, element);
            }
            catch (NamespaceException)
            {
                // Made by someone else meanwhile: just as good.
            }
        }
    }

    // A class, not a struct: ValueTask<Lookup> then shares the framework's precompiled code instead of
    // being JIT-compiled (ten methods) the first time a startup script mounts or makes a directory.
    private sealed record Lookup(MountPoint? Mount, VPath Relative, UnionElement? Element, NsEntry? Entry)
    {
        public bool IsMissing => Entry is null;
    }

    // Synchronous while providers answer synchronously (memfs, cached entries): no async machinery on the hot path.
    private static ValueTask<Lookup> LookupAsync(MountTable table, VPath path, CancellationToken cancellationToken)
    {
        if (!table.TryFind(path, out var mount))
            return new(new Lookup(null, path, null, path.IsRoot || table.HasMountsBelow(path) ? Synthetic(path) : null));
        var relative = path.RelativeToKnownAncestor(mount.Path);
        var elements = mount.Items;
        for (var i = 0; i < elements.Length; i++)
        {
            var pending = StartStat(mount, elements[i], relative, cancellationToken);
            if (!pending.IsCompletedSuccessfully) return LookupSlowAsync(table, path, mount, relative, i, pending, cancellationToken);
            if (pending.Result is { } entry) return new(Found(mount, relative, elements[i], entry, path));
        }
        return new(Missing(table, mount, relative, path));
    }

    private static async ValueTask<Lookup> LookupSlowAsync(MountTable table, VPath path, MountPoint mount, VPath relative, int index, ValueTask<NsEntry?> pending, CancellationToken cancellationToken)
    {
        var elements = mount.Items;
        for (var i = index; i < elements.Length; i++)
        {
            if (i > index) pending = StartStat(mount, elements[i], relative, cancellationToken);
            NsEntry? entry;
            try
            {
                entry = await pending.ConfigureAwait(false);
            }
            catch (NamespaceException ex)
            {
                throw Translate(ex, mount, elements[i]);
            }
            if (entry is not null) return Found(mount, relative, elements[i], entry, path);
        }
        return Missing(table, mount, relative, path);
    }

    private static ValueTask<NsEntry?> StartStat(MountPoint mount, UnionElement element, VPath relative, CancellationToken cancellationToken)
    {
        try
        {
            return element.Provider.StatAsync(element.Map(relative), cancellationToken);
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, mount, element);
        }
    }

    // Below a mount point the provider's name is already the path's name; only the mount point itself may differ.
    private static Lookup Found(MountPoint mount, VPath relative, UnionElement element, NsEntry entry, VPath path) =>
        new(mount, relative, element, !relative.IsRoot || entry.Name.AsSpan().SequenceEqual(path.NameSpan) ? entry : entry with { Name = path.Name });

    private static Lookup Missing(MountTable table, MountPoint mount, VPath relative, VPath path) =>
        new(mount, relative, null, relative.IsRoot || table.HasMountsBelow(path) ? Synthetic(path) : null);

    // A name no path can have (a database row or an origin's listing made by another program: `a/b`, `..`) would fail
    // whatever uses it, a whole glob or tree copy with it: it is left out of the listing, with a warning.
    private static bool Listable(VPath directory, NsEntry entry)
    {
        if (VPath.IsValidName(entry.Name)) return true;
        NamespaceWarnings.Report(NsErrors.InvalidListedName(directory, entry.Name));
        return false;
    }

    private static async ValueTask<NsEntry?> ProviderStatAsync(MountPoint mount, UnionElement element, VPath providerPath, CancellationToken cancellationToken)
    {
        try
        {
            return await element.Provider.StatAsync(providerPath, cancellationToken).ConfigureAwait(false);
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, mount, element);
        }
    }

    private static async ValueTask<NsEntry[]> CollectAsync(MountPoint mount, UnionElement element, VPath providerPath, VPath path, CancellationToken cancellationToken)
    {
        var list = new List<NsEntry>();
        try
        {
            await foreach (var entry in element.Provider.ListAsync(providerPath, cancellationToken).ConfigureAwait(false))
            {
                if (Listable(path, entry)) list.Add(entry);
            }
        }
        catch (NamespaceException ex)
        {
            throw Translate(ex, mount, element);
        }
        return list.ToArray();
    }
}
