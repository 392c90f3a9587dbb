using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary><c>true</c> and <c>false</c>.</summary>
internal sealed class ConstantBuiltin(string name, int code) : IBuiltin
{
    public string Name => name;
    public string Usage => name;
    public string Summary => code == 0 ? "do nothing, successfully" : "do nothing, unsuccessfully";

    public ValueTask<int> RunAsync(CommandContext context) => new(code);
}
