namespace Namespace.Browser.State;

/// <summary>The result of one update: the next state and the work it asks for.</summary>
/// <param name="State">The next state.</param>
/// <param name="Effects">Effects to run; each answers with an event.</param>
public sealed record BrowserStep(BrowserState State, IReadOnlyList<BrowserEffect> Effects)
{
    /// <summary>A step with no effects.</summary>
    public static implicit operator BrowserStep(BrowserState state) => new(state, []);
}
