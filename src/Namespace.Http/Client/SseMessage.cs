namespace Namespace.Http.Client;

/// <summary>One dispatched Server-Sent Events message.</summary>
/// <param name="Id">The id field, or null when the message had none.</param>
/// <param name="Event">The event name (<c>message</c> when none was given).</param>
/// <param name="Data">The data lines joined with newlines.</param>
internal sealed record SseMessage(string? Id, string Event, string Data);
