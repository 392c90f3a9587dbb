namespace Namespace.Browser.State;

/// <summary>The size of the terminal in character cells.</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct TerminalSize(int Width, int Height)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Width}x{Height}";
}
