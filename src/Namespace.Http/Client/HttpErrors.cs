using System.Net;
using System.Net.Sockets;
using Namespace.Core.Errors;

namespace Namespace.Http.Client;

/// <summary>
/// The one place httpfs words its errors: the kind from the shared vocabulary (via
/// <see cref="NsErrors"/>), and a reason that names the URL and the HTTP status or network failure.
/// </summary>
internal static class HttpErrors
{
    /// <summary>The status as <c>403 Forbidden</c>, with the server's own words after it when it gave any.</summary>
    public static string Status(HttpStatusCode status, string? said = null) =>
        said is null ? $"{(int)status} {ReasonPhrase(status)}" : $"{(int)status} {ReasonPhrase(status)}: {said}";

    public static NamespaceException Unavailable(object path, Uri url, HttpStatusCode status, string? said = null, TimeSpan? retryAfter = null) =>
        new(NsErrorKind.Unavailable, path.ToString() ?? string.Empty, $"{url}: {Status(status, said)}") { RetryAfter = retryAfter };

    public static NamespaceException Denied(object path, Uri url, HttpStatusCode status, string? said = null) =>
        NsErrors.Unavailable(path, $"{url}: {Status(status, said)} (access denied{(status == HttpStatusCode.Unauthorized && said is null ? ": a bearer token is needed" : string.Empty)})");

    // NsErrors.ReadOnly takes no reason; the kind is what unions act on, the reason tells the user why.
    public static NamespaceException ReadOnly(object path, Uri url, HttpStatusCode status, string? said = null) =>
        new(NsErrorKind.ReadOnly, path.ToString() ?? string.Empty, $"read-only file system ({url}: {Status(status, said)})");

    /// <summary>A change the server refused as a request it will not take however often it is sent (400, 409, 413...).</summary>
    public static NamespaceException Refused(object path, Uri url, HttpStatusCode status, string? said = null) =>
        NsErrors.InvalidArgument(path, $"{url}: {Status(status, said)} (refused by the server)");

    public static NamespaceException ReadOnlyServer(object path, Uri url) =>
        new(NsErrorKind.ReadOnly, path.ToString() ?? string.Empty, $"read-only file system ({url} is a plain web server)");

    public static NamespaceException Network(object path, Uri url, Exception e) =>
        NsErrors.Unavailable(path, $"{url}: {Describe(e)}", e);

    public static NamespaceException Timeout(object path, Uri url, TimeSpan after, Exception e) =>
        NsErrors.Unavailable(path, $"{url}: no answer within {after.TotalSeconds:0.###} s", e);

    public static NamespaceException Garbage(object path, Uri url, string what, Exception? e = null) =>
        NsErrors.Unavailable(path, $"{url}: malformed response: {what}", e);

    private static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.ConnectionReset => "connection reset",
                    _ => socket.Message,
                };
            }
        }
        return e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } ? "the server closed the connection" : e.Message;
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.OK => "OK",
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.MethodNotAllowed => "Method Not Allowed",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.Gone => "Gone",
        HttpStatusCode.RequestTimeout => "Request Timeout",
        HttpStatusCode.PreconditionFailed => "Precondition Failed",
        HttpStatusCode.RequestEntityTooLarge => "Content Too Large",
        HttpStatusCode.RequestedRangeNotSatisfiable => "Range Not Satisfiable",
        HttpStatusCode.UnprocessableContent => "Unprocessable Content",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.NotImplemented => "Not Implemented",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.GatewayTimeout => "Gateway Timeout",
        _ => status.ToString(),
    };
}
