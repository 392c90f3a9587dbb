using BenchmarkDotNet.Attributes;
using Namespace.Browser.Effects;
using Namespace.Browser.Rendering;
using Namespace.Browser.State;
using Namespace.Browser.Terminal;
using Namespace.Core.Memory;
using Namespace.Core.Namespaces;
using Namespace.Core.Paths;

namespace Namespace.Browser.Benchmarks;

/// <summary>
/// The cost of one key in a 10,000-entry directory: the update, the render and the frame's terminal
/// output (ANSI text made by Spectre.Console), everything the loop does before the frame is written.
/// Target: under 50 ms a key. The preview read each cursor move starts runs off the input path and is not counted.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class BrowserKeyBenchmarks
{
    private const int Entries = 10_000;
    private static readonly BrowserEvent Down = new BrowserEvent.KeyPressed(new BrowserKey(ConsoleKey.DownArrow));
    private static readonly BrowserEvent Up = new BrowserEvent.KeyPressed(new BrowserKey(ConsoleKey.UpArrow));
    private static readonly BrowserEvent PageDown = new BrowserEvent.KeyPressed(new BrowserKey(ConsoleKey.PageDown));
    private static readonly BrowserEvent Home = new BrowserEvent.KeyPressed(new BrowserKey(ConsoleKey.Home));
    private static readonly BrowserEvent Type5 = new BrowserEvent.KeyPressed(BrowserKey.Of('5'));
    private static readonly BrowserEvent Erase = new BrowserEvent.KeyPressed(new BrowserKey(ConsoleKey.Backspace, '\x7f'));

    private readonly FrameWriter _frames = new();
    private BrowserEvent.Listed _listing = null!;
    private BrowserState _state = null!;
    private int _moves;

    [Params("80x24", "200x50")]
    public string Terminal { get; set; } = "80x24";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var os = new VirtualOS();
        await os.MountAsync("/", MemoryFileSystem.FromFiles("demo", Enumerable.Range(0, Entries).Select(i => KeyValuePair.Create($"/big/file-{i:D5}.txt", $"file {i}\n"))));
        _listing = (BrowserEvent.Listed)await new BrowserEffects(os).RunAsync(new BrowserEffect.LoadListing(VPath.Parse("/big")), CancellationToken.None);
        var parts = Terminal.Split('x');
        var size = new TerminalSize(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        _state = BrowserUpdate.Update(BrowserState.Open(VPath.Parse("/big"), size), _listing).State;
        // Start mid-listing, so moves scroll.
        for (var i = 0; i < 5_000; i++) _state = BrowserUpdate.Update(_state, Down).State;
    }

    // Down and up in turn, so the cursor stays mid-listing however many iterations run.
    [Benchmark]
    public int CursorMove() => Key(++_moves % 2 == 0 ? Down : Up);

    [Benchmark]
    public int PageDownThenHome()
    {
        var saved = _state;
        var length = Key(PageDown) + Key(Home);
        _state = saved;
        return length;
    }

    // Typing into the filter refilters all 10,000 names; erasing it refilters again.
    [Benchmark]
    public int FilterKeyAndErase()
    {
        var saved = _state;
        _state = BrowserUpdate.Update(_state, new BrowserEvent.KeyPressed(BrowserKey.Of('/'))).State;
        var length = Key(Type5) + Key(Erase);
        _state = saved;
        return length;
    }

    // A fresh listing of the directory arriving (as after a change event).
    [Benchmark]
    public int ListingArrives()
    {
        var saved = _state;
        var length = Apply(_listing);
        _state = saved;
        return length;
    }

    private int Key(BrowserEvent key) => Apply(key);

    private int Apply(BrowserEvent @event)
    {
        _state = BrowserUpdate.Update(_state, @event).State;
        return _frames.Write(BrowserRender.Render(_state, _state.Size)).Length;
    }
}
