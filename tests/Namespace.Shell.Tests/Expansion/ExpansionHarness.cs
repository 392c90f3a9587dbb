using Namespace.Shell.Expansion;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Expansion;

/// <summary>
/// Test harness: variables, a recording command-substitution callback and a glob callback over a fixed list
/// of names, so the expander runs with no executor and no file system.
/// </summary>
internal sealed class ExpansionHarness
{
    private readonly List<string> _substituted = [];
    private readonly List<string> _globbed = [];

    public ShellVariables Variables { get; } = new();

    /// <summary>What each command substitution prints, keyed by the printed block.</summary>
    public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);

    /// <summary>The names the glob callback matches patterns against (an imaginary flat directory).</summary>
    public List<string> Files { get; } = [];

    /// <summary>The blocks substituted, in order, as printed S-expressions.</summary>
    public IReadOnlyList<string> Substituted => _substituted;

    /// <summary>The patterns the glob callback received, in order.</summary>
    public IReadOnlyList<string> Globbed => _globbed;

    public WordExpander CreateExpander(bool withSubstitution = true, bool withGlob = true) => new(
        Variables,
        withSubstitution ? SubstituteAsync : null,
        withGlob ? GlobAsync : null);

    public ExpansionHarness Set(string name, params string[] values)
    {
        Variables.Set(name, values);
        return this;
    }

    /// <summary>Parses <c>echo WORDS</c> and returns the argument words.</summary>
    public static IReadOnlyList<Word> ParseWords(string words)
    {
        var script = ShellParser.Parse("echo " + words, "exp.rc");
        return ((SimpleCommand)script.Commands[0]).Words.Skip(1).ToList();
    }

    public async Task<IReadOnlyList<string>> ExpandAsync(string words, CancellationToken cancellationToken = default) =>
        await CreateExpander().ExpandAsync(ParseWords(words), cancellationToken);

    private ValueTask<string> SubstituteAsync(BlockCommand block, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = Syntax.AstPrinter.Print(block);
        _substituted.Add(key);
        return ValueTask.FromResult(Outputs.TryGetValue(key, out var output) ? output : string.Empty);
    }

    private ValueTask<IReadOnlyList<string>> GlobAsync(ShellPattern pattern, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _globbed.Add(pattern.Text);
        IReadOnlyList<string> matches = Files.Where(pattern.Matches).Reverse().ToList();
        return ValueTask.FromResult(matches);
    }
}
