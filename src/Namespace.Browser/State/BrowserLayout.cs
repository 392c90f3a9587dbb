namespace Namespace.Browser.State;

/// <summary>
/// Where the panes go for a terminal size. Wide terminals (120 columns or more) put the listing and the
/// preview side by side; narrower ones stack the preview under the listing, so the listing keeps every column.
/// </summary>
/// <param name="Size">The terminal size.</param>
/// <param name="SideBySide">True when the panes are side by side.</param>
/// <param name="ListingWidth">Columns of the listing pane.</param>
/// <param name="ListingRows">Rows of entries the listing pane shows.</param>
/// <param name="PreviewWidth">Columns of the second pane.</param>
/// <param name="PreviewRows">Rows of the second pane (below its title).</param>
public sealed record BrowserLayout(TerminalSize Size, bool SideBySide, int ListingWidth, int ListingRows, int PreviewWidth, int PreviewRows)
{
    /// <summary>The smallest terminal the browser draws in; below it, it says the terminal is too small.</summary>
    public static readonly TerminalSize Minimum = new(40, 10);

    /// <summary>Width from which the panes go side by side.</summary>
    public const int SideBySideWidth = 120;

    /// <summary>True when the terminal is smaller than <see cref="Minimum"/>.</summary>
    public bool TooSmall => Size.Width < Minimum.Width || Size.Height < Minimum.Height;

    /// <summary>The layout for a terminal size.</summary>
    public static BrowserLayout For(TerminalSize size)
    {
        if (size.Width < Minimum.Width || size.Height < Minimum.Height) return new(size, false, size.Width, 1, size.Width, 0);
        if (size.Width >= SideBySideWidth)
        {
            // Header, column titles, status and key lines; the rest is both panes.
            var listing = size.Width * 2 / 3;
            var rows = size.Height - 4;
            return new(size, true, listing, rows, size.Width - listing - 1, rows);
        }
        // Header, column titles, preview title, status and key lines.
        var body = size.Height - 5;
        var listingRows = Math.Max(3, body * 3 / 5);
        return new(size, false, size.Width, listingRows, size.Width, body - listingRows);
    }
}
