using Namespace.Core.Providers;

namespace Namespace.Shell.Execution;

/// <summary>
/// The mount types <c>mount -t TYPE</c> knows. The host program (nsh) registers them, so an
/// embedding app takes the shell with only the providers it wants.
/// </summary>
public sealed class MountTypeRegistry
{
    private readonly Dictionary<string, Func<MountRequest, ValueTask<IFileProvider>>> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _options = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers (or replaces) a mount type. <paramref name="options"/> are the <c>-o</c> options the type's factory
    /// takes itself (such as <c>token</c>): they reach it in <see cref="MountRequest.Options"/> and are not kept on the
    /// union element, so <c>ns</c> and <c>status</c> never print them.
    /// </summary>
    public void Register(string type, Func<MountRequest, ValueTask<IFileProvider>> factory, params string[] options)
    {
        _types[type] = factory;
        _options[type] = options;
    }

    /// <summary>The types whose factories take the option <paramref name="option"/>, sorted (empty for element options such as <c>ro</c>).</summary>
    public IReadOnlyList<string> TypesTaking(string option) =>
        _options.Where(o => o.Value.Contains(option, StringComparer.Ordinal)).Select(o => o.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The registered type names, sorted.</summary>
    public IReadOnlyList<string> Types => _types.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The factory for a type, if registered.</summary>
    public bool TryGet(string type, out Func<MountRequest, ValueTask<IFileProvider>> factory) => _types.TryGetValue(type, out factory!);
}
