using Namespace.Shell.Syntax;

namespace Namespace.Shell.Tests.Syntax;

/// <summary>Shortcuts shared by the parser tests.</summary>
internal static class ParseHelper
{
    public const string FileName = "test.rc";

    /// <summary>Parses and prints the whole script as position-free S-expressions.</summary>
    public static string Tree(string text) => AstPrinter.Print(ShellParser.Parse(text, FileName));

    /// <summary>Parses a script that must have exactly one command and returns it.</summary>
    public static Command Single(string text)
    {
        var script = ShellParser.Parse(text, FileName);
        Assert.HasCount(1, script.Commands, $"commands of: {text}");
        return script.Commands[0];
    }

    /// <summary>Parses a one-command script whose command is a simple command and returns its words.</summary>
    public static IReadOnlyList<Word> Words(string text)
    {
        var command = Single(text);
        return Assert.IsInstanceOfType<SimpleCommand>(command).Words;
    }

    /// <summary>Parses and expects a syntax error.</summary>
    public static ShellSyntaxException Error(string text, string fileName = FileName) =>
        Assert.ThrowsExactly<ShellSyntaxException>(() => ShellParser.Parse(text, fileName));
}
