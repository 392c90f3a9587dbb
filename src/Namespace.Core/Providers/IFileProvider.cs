using Namespace.Core.Paths;

namespace Namespace.Core.Providers;

/// <summary>
/// The contract every data source implements. Paths are provider paths (absolute, relative to the
/// provider's own root). Failures are <see cref="Errors.NamespaceException"/>s from
/// <see cref="Errors.NsErrors"/>, about the provider path. Operations outside the declared
/// <see cref="Capabilities"/> fail with <see cref="Errors.NsErrorKind.ReadOnly"/> (changes) or
/// <see cref="Errors.NsErrorKind.NotSupported"/> (watch).
/// </summary>
public interface IFileProvider
{
    /// <summary>What this provider offers.</summary>
    ProviderCapabilities Capabilities { get; }

    /// <summary>How the provider was made: its mount type and source, used by <c>ns</c> and shown as <see cref="NsEntry.ServedBy"/>.</summary>
    MountSource Source { get; }

    /// <summary>The entry at <paramref name="path"/>, or null when nothing is there (also when an ancestor is a file).</summary>
    ValueTask<NsEntry?> StatAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>The entries of a directory, sorted ordinally by name.</summary>
    /// <exception cref="Errors.NamespaceException">NotFound, or NotADirectory for a file.</exception>
    IAsyncEnumerable<NsEntry> ListAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a file for reading; seekable when the provider declares <see cref="ProviderCapabilities.Ranges"/> and knows
    /// the file's length (see <see cref="NsEntry.SizeUnknown"/>). The namespace may open a file without a
    /// <see cref="StatAsync"/> first (a mount of one element), so a missing path and a directory must be reported here
    /// exactly as lookup would: NotFound and IsADirectory, never another kind.
    /// </summary>
    /// <exception cref="Errors.NamespaceException">NotFound, or IsADirectory.</exception>
    ValueTask<Stream> OpenReadAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>Opens a file for writing; the parent directory must exist. The content becomes visible when the stream is disposed.</summary>
    /// <exception cref="Errors.NamespaceException">NotFound (parent), IsADirectory, Exists (with <see cref="WriteMode.CreateNew"/>), ReadOnly.</exception>
    ValueTask<NsWriteStream> OpenWriteAsync(VPath path, WriteMode mode, CancellationToken cancellationToken = default);

    /// <summary>Makes one directory; the parent must exist.</summary>
    /// <exception cref="Errors.NamespaceException">Exists, NotFound (parent), ReadOnly.</exception>
    ValueTask CreateDirectoryAsync(VPath path, CancellationToken cancellationToken = default);

    /// <summary>Removes a file, or a directory (which must be empty unless <paramref name="recursive"/>).</summary>
    /// <exception cref="Errors.NamespaceException">NotFound, NotEmpty, ReadOnly, InvalidPath (the root).</exception>
    ValueTask DeleteAsync(VPath path, bool recursive, CancellationToken cancellationToken = default);

    /// <summary>Renames within this provider, replacing a file at the destination (Unix rename).</summary>
    /// <exception cref="Errors.NamespaceException">NotFound, Exists (a directory at the destination), InvalidPath (into itself), ReadOnly.</exception>
    ValueTask MoveAsync(VPath from, VPath to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onChange"/> for changes at or below <paramref name="path"/> until the
    /// result is disposed. The callback must not block; it may be called on any thread.
    /// </summary>
    /// <exception cref="Errors.NamespaceException">NotSupported when <see cref="ProviderCapabilities.Watch"/> is not declared.</exception>
    IDisposable Subscribe(VPath path, Action<ChangeEvent> onChange);
}
