using System.Text;
using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>
/// Prints a syntax tree as a position-free S-expression so tests can state the expected structure by hand,
/// for example <c>(simple echo (cat (var home) /lib))</c>. Quoted literals print in rc quotes.
/// </summary>
internal static class AstPrinter
{
    public static string Print(Script script) => string.Join(" ", script.Commands.Select(Print));

    public static string Print(Command command) => command switch
    {
        SimpleCommand c => Node("simple", c.Words.Select(Print).Concat(c.Redirections.Select(Print))),
        AssignmentCommand c => Node(
            "assign",
            c.Assignments.Select(a => $"({a.Name} {Print(a.Value)})").Concat(c.Body is null ? [] : [Print(c.Body)])),
        PipelineCommand c => Node("pipe", PipelineParts(c)),
        AndCommand c => Node("and", [Print(c.Left), Print(c.Right)]),
        OrCommand c => Node("or", [Print(c.Left), Print(c.Right)]),
        NotCommand c => Node("not", [Print(c.Body)]),
        BackgroundCommand c => Node("bg", [Print(c.Body)]),
        BlockCommand c => Node("block", c.Commands.Select(Print)),
        RedirectedCommand c => Node("redir", c.Redirections.Select(Print).Append(Print(c.Body))),
        IfCommand c => Node("if", [List(c.Condition.Select(Print)), Print(c.Body)]),
        IfNotCommand c => Node("ifnot", [Print(c.Body)]),
        ForCommand c => Node("for", [Print(c.Variable), c.Items is null ? "*" : List(c.Items.Select(Print)), Print(c.Body)]),
        WhileCommand c => Node("while", [List(c.Condition.Select(Print)), Print(c.Body)]),
        SwitchCommand c => Node(
            "switch",
            c.Cases.Select(k => Node("case", k.Body.Select(Print).Prepend(List(k.Patterns.Select(Print))))).Prepend(Print(c.Subject))),
        FunctionDefinitionCommand c => Node("fn", [Print(c.Name), Print(c.Body)]),
        FunctionDeletionCommand c => Node("fndel", [Print(c.Name)]),
        MatchCommand c => Node("match", c.Patterns.Select(Print).Prepend(Print(c.Subject))),
        SubshellCommand c => Node("subshell", [Print(c.Body)]),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name),
    };

    public static string Print(Word word) => word switch
    {
        LiteralWord { Quoted: false } w => w.Text,
        LiteralWord w => "'" + w.Text.Replace("'", "''", StringComparison.Ordinal) + "'",
        VariableWord { Subscript: null } w => Node("var", [Print(w.Name)]),
        VariableWord w => Node("var", [Print(w.Name), List(w.Subscript!.Select(Print))]),
        CountWord w => Node("count", [Print(w.Name)]),
        FlatWord w => Node("flat", [Print(w.Name)]),
        ConcatenationWord w => Node("cat", w.Parts.Select(Print)),
        ListWord w => Node("list", w.Items.Select(Print)),
        CommandSubstitutionWord w => Node("subst", [Print(w.Body)]),
        _ => throw new ArgumentOutOfRangeException(nameof(word), word.GetType().Name),
    };

    public static string Print(Redirection redirection) => redirection switch
    {
        FileRedirection r => $"({Operator(r.Kind)} {r.Fd} {Print(r.Target)})",
        DuplicationRedirection { SourceFd: null } r => $"(close {r.Fd})",
        DuplicationRedirection r => $"(dup {r.Fd} {r.SourceFd})",
        _ => throw new ArgumentOutOfRangeException(nameof(redirection), redirection.GetType().Name),
    };

    private static string Operator(RedirectionKind kind) => kind switch
    {
        RedirectionKind.Output => ">",
        RedirectionKind.Append => ">>",
        _ => "<",
    };

    private static IEnumerable<string> PipelineParts(PipelineCommand pipeline)
    {
        var plain = pipeline.Links.All(l => l.LeftFd == 1 && l.RightFd == 0);
        for (var i = 0; i < pipeline.Stages.Count; i++)
        {
            if (i > 0 && !plain)
            {
                yield return $"|[{pipeline.Links[i - 1].LeftFd}={pipeline.Links[i - 1].RightFd}]";
            }

            yield return Print(pipeline.Stages[i]);
        }
    }

    private static string List(IEnumerable<string> items) => "(" + string.Join(" ", items) + ")";

    private static string Node(string head, IEnumerable<string> items)
    {
        var builder = new StringBuilder("(").Append(head);
        foreach (var item in items)
        {
            builder.Append(' ').Append(item);
        }

        return builder.Append(')').ToString();
    }
}
