namespace Namespace.Shell.Syntax;

/// <summary>A pipeline <c>a | b | c</c>: its stages run concurrently, each link joining neighbouring stages.</summary>
/// <param name="Stages">Two or more stages, left to right.</param>
/// <param name="Links">The links; <c>Links[i]</c> joins <c>Stages[i]</c> to <c>Stages[i + 1]</c>.</param>
/// <param name="Position">Where the first stage starts.</param>
public sealed record PipelineCommand(IReadOnlyList<Command> Stages, IReadOnlyList<PipeLink> Links, SourcePosition Position)
    : Command(Position);
