namespace Namespace.Http.Protocol;

/// <summary>Header names and fixed values of the origin protocol (see docs/httpfs.md).</summary>
internal static class NsHeaders
{
    /// <summary>On every response of our origin server: tells httpfs it talks to a full origin.</summary>
    public const string Server = "Ns-Server";

    /// <summary>The value of <see cref="Server"/>; the number is the protocol version.</summary>
    public const string ServerValue = "namespace-origin/1";

    /// <summary><c>file</c> or <c>directory</c>, on GET/HEAD responses for an entry.</summary>
    public const string Type = "Ns-Type";

    /// <summary>The error kind (a name of <see cref="Core.Errors.NsErrorKind"/>) on error responses.</summary>
    public const string Error = "Ns-Error";

    /// <summary>The id of the newest change event when the response was made.</summary>
    public const string EventId = "Ns-Event-Id";

    /// <summary>Unix permission bits of a file, in octal.</summary>
    public const string Mode = "Ns-Mode";

    /// <summary>The fixed path of the Server-Sent Events stream.</summary>
    public const string EventsPath = "/.events";

    /// <summary>The media type of listings and error bodies.</summary>
    public const string Json = "application/json";

    /// <summary>The media type of the event stream.</summary>
    public const string EventStream = "text/event-stream";
}
