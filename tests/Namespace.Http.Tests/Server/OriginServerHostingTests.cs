using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Namespace.Http.Tests.Server;

[TestClass]
public sealed class OriginServerHostingTests
{
    // ASP.NET Core's default console lifetime takes SIGINT/SIGTERM/SIGQUIT and only stops the web
    // host: `nsh serve` then went on running after Ctrl+C or kill (seen from a shell; sending signals
    // to a child of the test host is not reliable here, see docs/httpfs.md). An embedded server must
    // leave the process's signals to the program.
    [TestMethod]
    public async Task Start_LeavesProcessSignalsToTheProgram()
    {
        await using var f = await OriginFixture.StartAsync();
        var lifetime = f.Server.Services.GetRequiredService<IHostLifetime>();
        Assert.AreEqual("EmbeddedLifetime", lifetime.GetType().Name);
    }
}
