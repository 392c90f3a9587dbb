namespace Namespace.Shell.Syntax;

/// <summary><c>cmd &amp;</c>: starts the command as a background job.</summary>
/// <param name="Body">The command run in the background.</param>
/// <param name="Position">Where the command starts.</param>
public sealed record BackgroundCommand(Command Body, SourcePosition Position) : Command(Position);
