using Namespace.Core.Providers;

namespace Namespace.Shell.Execution;

/// <summary>
/// The mount types <c>mount -t TYPE</c> knows. The host program (nsh) registers them, so an
/// embedding app takes the shell with only the providers it wants.
/// </summary>
public sealed class MountTypeRegistry
{
    private readonly Dictionary<string, Func<MountRequest, ValueTask<IFileProvider>>> _types = new(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) a mount type.</summary>
    public void Register(string type, Func<MountRequest, ValueTask<IFileProvider>> factory) => _types[type] = factory;

    /// <summary>The registered type names, sorted.</summary>
    public IReadOnlyList<string> Types => _types.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The factory for a type, if registered.</summary>
    public bool TryGet(string type, out Func<MountRequest, ValueTask<IFileProvider>> factory) => _types.TryGetValue(type, out factory!);
}
