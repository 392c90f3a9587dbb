using Microsoft.Extensions.Hosting;

namespace Namespace.Http.Server;

/// <summary>
/// The host lifetime of an embedded server: none. ASP.NET Core's default (the console lifetime)
/// takes SIGINT, SIGTERM and SIGQUIT for itself and only stops the web host, so a process that
/// embeds a server (<c>nsh serve</c>) went on running after Ctrl+C or <c>kill</c>. The process's
/// signals belong to the program; the server stops when it is disposed.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
