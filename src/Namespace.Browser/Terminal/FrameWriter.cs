using System.Text;
using Namespace.Browser.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Namespace.Browser.Terminal;

/// <summary>
/// Turns frames into terminal output with Spectre.Console: each row is put at its place with a cursor
/// move, then written as styled segments (never parsed as markup). One instance reuses its buffer.
/// </summary>
public sealed class FrameWriter
{
    private readonly StringWriter _buffer = new(new StringBuilder(64 * 1024));
    private readonly IAnsiConsole _console;

    /// <summary>Makes a writer for a terminal with at least the 16 standard colours.</summary>
    public FrameWriter()
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_buffer),
        });
    }

    /// <summary>The escape sequences and text that draw <paramref name="screen"/> over the whole terminal.</summary>
    public string Write(Screen screen)
    {
        _buffer.GetStringBuilder().Clear();
        _console.Profile.Width = Math.Max(1, screen.Size.Width);
        _console.Profile.Height = Math.Max(1, screen.Size.Height);
        _console.Write(new Frame(screen));
        return _buffer.ToString();
    }

    /// <summary>The output that draws one frame (a fresh writer each call; for tests and tools).</summary>
    public static string ToAnsi(Screen screen) => new FrameWriter().Write(screen);

    private sealed class Frame(Screen screen) : Renderable
    {
        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            for (var row = 0; row < screen.Lines.Count; row++)
            {
                yield return Segment.Control($"\x1b[{row + 1};1H");
                foreach (var segment in screen.Lines[row]) yield return segment;
            }
        }
    }
}
