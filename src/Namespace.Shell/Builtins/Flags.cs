using Namespace.Shell.Execution;

namespace Namespace.Shell.Builtins;

/// <summary>Parses Unix-style flags: combined (<c>-lr</c>), valued (<c>-n 5</c>, <c>-n5</c>), ended by <c>--</c> or the first operand.</summary>
internal sealed class Flags
{
    private readonly HashSet<char> _set = [];
    private readonly Dictionary<char, string> _values = [];

    private Flags(List<string> operands) => Operands = operands;

    public List<string> Operands { get; }

    public bool Has(char flag) => _set.Contains(flag);

    // TryGetValue, not GetValueOrDefault: that extension is JIT-compiled for a char key (mount runs at start-up).
    public string? Value(char flag) => _values.TryGetValue(flag, out var value) ? value : null;

    public static Flags Parse(IReadOnlyList<string> args, string booleans, string valued = "")
    {
        var flags = new Flags([]);
        var i = 0;
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                i++;
                break;
            }
            if (arg.Length < 2 || arg[0] != '-') break;
            for (var j = 1; j < arg.Length; j++)
            {
                var c = arg[j];
                if (valued.Contains(c))
                {
                    var value = j + 1 < arg.Length ? arg[(j + 1)..] : ++i < args.Count ? args[i] : throw new UsageException($"flag -{c} needs a value");
                    flags._values[c] = value;
                    break;
                }
                if (!booleans.Contains(c)) throw new UsageException($"unknown flag -{c}");
                flags._set.Add(c);
            }
        }
        for (; i < args.Count; i++) flags.Operands.Add(args[i]);
        return flags;
    }
}
