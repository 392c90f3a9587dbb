namespace Namespace.Http.Feeds;

/// <summary>One feed item as a file: its name, text and time.</summary>
/// <param name="Name">The file name (<c>yyyy-MM-dd-slug.txt</c>).</param>
/// <param name="Content">The UTF-8 text: headers, a blank line, the body as plain text.</param>
/// <param name="Modified">The item's updated or published time, UTC (the fetch time when it has none).</param>
internal sealed record FeedItem(string Name, byte[] Content, DateTimeOffset Modified);
