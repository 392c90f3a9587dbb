namespace Namespace.Http.Protocol;

/// <summary>The data of <c>ready</c> and <c>reset</c> events: the newest event id and why (for a reset).</summary>
/// <param name="Last">The id the stream continues after.</param>
/// <param name="Reason">Why events were lost (reset), or null (ready).</param>
internal sealed record ResetDocument(long Last, string? Reason);
