using Namespace.Browser.Effects;
using Namespace.Browser.Rendering;
using Namespace.Browser.State;
using Namespace.Core.Namespaces;

namespace Namespace.Browser.Tests.Support;

/// <summary>
/// The browser without a terminal: events go through the pure update, every effect runs against the
/// namespace to completion (its answer fed back) before the next key, and the screen is rendered on demand.
/// </summary>
public sealed class HeadlessBrowser
{
    private readonly BrowserEffects _effects;

    private HeadlessBrowser(VirtualOS os, BrowserState state, TimeSpan? flushTimeout)
    {
        _effects = new BrowserEffects(os, flushTimeout);
        State = state;
    }

    public BrowserState State { get; private set; }

    public static async Task<HeadlessBrowser> OpenAsync(VirtualOS os, string path, int width = 80, int height = 24, TimeSpan? flushTimeout = null)
    {
        var start = BrowserUpdate.Start(BrowserState.Open(os.ResolvePath(path), new TerminalSize(width, height)));
        var browser = new HeadlessBrowser(os, start.State, flushTimeout);
        foreach (var effect in start.Effects) await browser.RunAsync(effect);
        return browser;
    }

    /// <summary>Sends an event and settles every effect it leads to.</summary>
    public async Task SendAsync(BrowserEvent @event)
    {
        var step = BrowserUpdate.Update(State, @event);
        State = step.State;
        foreach (var effect in step.Effects) await RunAsync(effect);
    }

    /// <summary>Presses keys, recorded as in <see cref="KeySequence.Parse"/>.</summary>
    public async Task PressAsync(string keys)
    {
        foreach (var key in KeySequence.Parse(keys)) await SendAsync(new BrowserEvent.KeyPressed(key));
    }

    public Screen Render() => BrowserRender.Render(State, State.Size);

    public string Text => Render().ToText();

    public string[] Lines => Text.Split('\n');

    /// <summary>The listing row with the cursor marker.</summary>
    public string CursorRow => Lines.Single(l => l.StartsWith("> ", StringComparison.Ordinal));

    private async Task RunAsync(BrowserEffect effect) => await SendAsync(await _effects.RunAsync(effect, CancellationToken.None));
}
