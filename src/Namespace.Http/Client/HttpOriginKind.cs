namespace Namespace.Http.Client;

/// <summary>What kind of server an <see cref="HttpFileSystem"/> talks to.</summary>
public enum HttpOriginKind
{
    /// <summary>Not known yet: found out from the first answer (our server says so in a header).</summary>
    Auto,
    /// <summary>Our origin server: reads, writes, JSON listings, change events.</summary>
    Origin,
    /// <summary>A plain web server (nginx, Apache, python http.server, a static site): read-only, HTML or nginx JSON listings, polling.</summary>
    Plain,
}
