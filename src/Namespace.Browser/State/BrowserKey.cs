namespace Namespace.Browser.State;

/// <summary>One key press as the browser sees it: a key, the character it typed (if any) and whether Ctrl was held.</summary>
/// <param name="Key">The key (arrows, Enter, Backspace, ...); 0 for a plain character.</param>
/// <param name="Char">The character typed, or <c>'\0'</c>.</param>
/// <param name="Control">True when Ctrl was held.</param>
public readonly record struct BrowserKey(ConsoleKey Key, char Char = '\0', bool Control = false)
{
    /// <summary>The key a terminal reported.</summary>
    public static BrowserKey From(ConsoleKeyInfo info) =>
        new(info.Key, info.KeyChar, info.Modifiers.HasFlag(ConsoleModifiers.Control));

    /// <summary>A typed character.</summary>
    public static BrowserKey Of(char c) => new(0, c);

    /// <summary>True for Ctrl+C, however the terminal reported it.</summary>
    public bool IsInterrupt => Char == '\x03' || (Control && Key == ConsoleKey.C);
}
