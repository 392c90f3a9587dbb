using Namespace.Core.Paths;

namespace Namespace.Browser.State;

/// <summary>What the preview pane shows for one entry: metadata, then the head of a text file.</summary>
/// <param name="Path">The entry previewed.</param>
/// <param name="Lines">The lines to show, as plain text (the renderer escapes and clips them).</param>
public sealed record Preview(VPath Path, IReadOnlyList<string> Lines);
