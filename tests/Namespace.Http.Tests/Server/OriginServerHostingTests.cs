using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Namespace.Http.Tests.Server;

[TestClass]
public sealed class OriginServerHostingTests
{
    // ASP.NET Core's default console lifetime takes SIGINT/SIGTERM/SIGQUIT and only stops the web
    // host: `nsh serve` then went on running after Ctrl+C or kill (checked from outside the test
    // host; a child `nsh serve` cannot yet be driven from it, see docs/httpfs.md, Signals). An
    // embedded server must leave the process's signals to the program.
    [TestMethod]
    public async Task Start_LeavesProcessSignalsToTheProgram()
    {
        await using var f = await OriginFixture.StartAsync();
        var lifetime = f.Server.Services.GetRequiredService<IHostLifetime>();
        Assert.AreEqual("EmbeddedLifetime", lifetime.GetType().Name);
    }
}
