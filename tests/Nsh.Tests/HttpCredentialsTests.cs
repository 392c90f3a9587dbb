using System.Text;
using Namespace.Caching;
using Namespace.Core.Namespaces;
using Namespace.Http.Server;
using Namespace.Nsh;
using Namespace.Shell.Execution;
using Namespace.Testing;

namespace Nsh.Tests;

/// <summary>
/// Secrets given to <c>mount -t http</c> (a password in the URL, <c>-o token=</c>) are used, and never shown: not in
/// an error, an <c>ns</c> line, <c>status</c> or a listing's served-by.
/// </summary>
[TestClass]
public sealed class HttpCredentialsTests
{
    private const string Secret = "s3cr3t-w0rd";
    private TempDirectory _dir = null!;

    [TestInitialize]
    public void Init() => _dir = new TempDirectory();

    [TestCleanup]
    public void Cleanup() => _dir.Dispose();

    [TestMethod]
    public async Task MountHttp_UrlWithPassword_PasswordNeverShown()
    {
        var (status, output) = await RunAsync(
            $"mount -t http http://user:{Secret}@127.0.0.1:1/ /h; mount -bC -o ttl=1h -t mem c /h; ns; status; ls /h; cat /h/x; " +
            $"mount -t http 'http://user:{Secret}@bad host/' /b; mount -t http 'ftp://user:{Secret}@example.com/' /f; " +
            $"mount -t feed 'htp://user:{Secret}@example.com/' /g");
        Assert.AreNotEqual("", status);
        Assert.IsFalse(output.Contains(Secret, StringComparison.Ordinal), output);
        StringAssert.Contains(output, "-t http http://user@127.0.0.1:1/ /h\n", "ns still names the origin and the user");
        StringAssert.Contains(output, "nsh: ls: /h: ");
    }

    [TestMethod]
    public async Task MountHttp_TokenOption_MountsProtectedServerAndIsNeverShown()
    {
        File.WriteAllText(_dir.Combine("a.txt"), "protected\n");
        await using var server = await OriginServer.StartAsync(_dir.Path, "127.0.0.1:0", new OriginServerOptions { Token = Secret });
        var (status, output) = await RunAsync($"mount -o token={Secret} -t http {server.Url} /w; cat /w/a.txt; write /w/b.txt written; ns; status; stat /w/a.txt");
        Assert.AreEqual("", status, output);
        StringAssert.StartsWith(output, "protected\n");
        Assert.AreEqual("written\n", File.ReadAllText(_dir.Combine("b.txt")));
        Assert.IsFalse(output.Contains(Secret, StringComparison.Ordinal), output);
        StringAssert.Contains(output, $"mount -t http {server.Url} /w\n");

        var (without, error) = await RunAsync($"mount -t http {server.Url} /w; cat /w/a.txt");
        Assert.AreNotEqual("", without);
        StringAssert.Contains(error, "401");
    }

    [TestMethod]
    public async Task MountToken_OnOtherTypesOrBind_UsageError()
    {
        var (local, output) = await RunAsync($"mount -o token={Secret} -t local . /l");
        Assert.AreEqual("1", local, output);
        StringAssert.Contains(output, "option token is for mount -t http");
        Assert.IsFalse(output.Contains(Secret, StringComparison.Ordinal), output);
        var (bind, bindOutput) = await RunAsync($"mount -t mem m /m; bind -o token={Secret} /m /n");
        Assert.AreNotEqual("", bind, bindOutput);
        Assert.IsFalse(bindOutput.Contains(Secret, StringComparison.Ordinal), bindOutput);
    }

    private async Task<(string Status, string Output)> RunAsync(string script)
    {
        var shell = new ShellSession(new VirtualOS(new CacheLayer()), ServeBuiltin.WithStandard(), NshMountTypes.Create(), _dir.Path);
        var screen = new MemoryStream();
        var status = await shell.RunAsync(script, "test", new ShellIO(Stream.Null, screen, screen));
        return (status, Encoding.UTF8.GetString(screen.ToArray()));
    }
}
