using System.Net;
using Namespace.Http.Server;

namespace Namespace.Http.Tests.Server;

[TestClass]
public sealed class OriginServerSecurityTests
{
    [TestMethod]
    [DataRow("/../secret.txt")]
    [DataRow("/%2e%2e/secret.txt")]
    [DataRow("/%2E%2E/secret.txt")]
    [DataRow("/.%2e/secret.txt")]
    [DataRow("/sub/../../secret.txt")]
    [DataRow("/sub/%2e%2e/%2e%2e/secret.txt")]
    [DataRow("/sub%2f..%2f..%2fsecret.txt")]
    [DataRow("/..%2fsecret.txt")]
    [DataRow("/..%5csecret.txt")]
    [DataRow("/sub\\..\\..\\secret.txt")]
    [DataRow("/sub/%5c..%5c..%5csecret.txt")]
    [DataRow("/a%00b")]
    [DataRow("/a%0ab")]
    [DataRow("/%zz")]
    [DataRow("/%c0%ae%c0%ae/secret.txt")]
    [DataRow("/./sub/f")]
    public async Task Get_EscapingTarget_Refused(string target)
    {
        await using var f = await OriginFixture.StartAsync();
        var outside = Path.Combine(Path.GetDirectoryName(f.Dir.Path)!, "secret.txt");
        f.WriteFile("sub/f", "inside");
        File.WriteAllText(Path.Combine(f.Dir.Path, "..", "secret.txt"), "TOP SECRET");
        try
        {
            var (status, response) = await f.RawAsync("GET", target);
            Assert.IsTrue(status is 400 or 404, $"{target}: {status}");
            Assert.IsFalse(response.Contains("TOP SECRET"), target);
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [TestMethod]
    public async Task Put_EscapingTarget_WritesNothingOutside()
    {
        await using var f = await OriginFixture.StartAsync();
        var parent = Path.GetDirectoryName(f.Dir.Path)!;
        foreach (var target in new[] { "/../evil", "/%2e%2e/evil", "/..%2fevil", "/..%5cevil" })
        {
            var (status, _) = await f.RawAsync("PUT", target, body: "evil");
            Assert.IsTrue(status is 400 or 404, $"{target}: {status}");
        }
        Assert.IsFalse(File.Exists(Path.Combine(parent, "evil")));
    }

    [TestMethod]
    public async Task Symlink_LeadingOutside_IsRefusedNeverServed()
    {
        await using var f = await OriginFixture.StartAsync();
        using var outside = new Namespace.Testing.TempDirectory();
        File.WriteAllText(outside.Combine("secret"), "TOP SECRET");
        File.CreateSymbolicLink(f.Dir.Combine("link"), outside.Combine("secret"));
        Directory.CreateSymbolicLink(f.Dir.Combine("dirlink"), outside.Path);
        foreach (var target in new[] { "/link", "/dirlink/secret", "/dirlink/" })
        {
            using var r = await f.Client.GetAsync(target);
            Assert.IsTrue(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{target}: {r.StatusCode}");
            Assert.IsFalse((await r.Content.ReadAsStringAsync()).Contains("TOP SECRET"));
        }
        using var put = await f.Client.PutAsync("/dirlink/planted", new StringContent("x"));
        Assert.IsTrue(put.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, put.StatusCode.ToString());
        Assert.IsFalse(File.Exists(outside.Combine("planted")));
        using var listing = await f.Client.GetAsync("/?json");
        Assert.IsFalse((await listing.Content.ReadAsStringAsync()).Contains("\"link\""), "links out of the root are not listed");
    }

    [TestMethod]
    public async Task Token_Required_401WithoutOrWrongAndOkWithIt()
    {
        await using var f = await OriginFixture.StartAsync(new OriginServerOptions { Token = "s3cret" }, sendToken: false);
        f.WriteFile("f", "data");
        using var none = await f.Client.GetAsync("f");
        Assert.AreEqual(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.AreEqual("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.IsFalse((await none.Content.ReadAsStringAsync()).Contains("data\""));
        using var wrong = await f.SendAsync(HttpMethod.Get, "f", m => m.Headers.Authorization = new("Bearer", "guess"));
        Assert.AreEqual(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var put = await f.SendAsync(HttpMethod.Put, "g", body: "x");
        Assert.AreEqual(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.IsFalse(f.Exists("g"));
        using var events = await f.Client.GetAsync(".events", HttpCompletionOption.ResponseHeadersRead);
        Assert.AreEqual(HttpStatusCode.Unauthorized, events.StatusCode);
        using var right = await f.SendAsync(HttpMethod.Get, "f", m => m.Headers.Authorization = new("Bearer", "s3cret"));
        Assert.AreEqual(HttpStatusCode.OK, right.StatusCode);
        Assert.AreEqual("data", await right.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task NoToken_OpenToAll()
    {
        await using var f = await OriginFixture.StartAsync();
        f.WriteFile("f", "data");
        using var r = await f.Client.GetAsync("f");
        Assert.AreEqual(HttpStatusCode.OK, r.StatusCode);
    }

    [TestMethod]
    public async Task ReadOnly_RefusesEveryChangeServesReads()
    {
        await using var f = await OriginFixture.StartAsync(new OriginServerOptions { ReadOnly = true });
        f.WriteFile("f", "data");
        foreach (var (method, path) in new[] { ("PUT", "f"), ("PUT", "new"), ("DELETE", "f"), ("MKCOL", "d"), ("MOVE", "f") })
        {
            using var r = await f.SendAsync(new HttpMethod(method), path, m => m.Headers.TryAddWithoutValidation("Destination", "/g"), method == "PUT" ? "x" : null);
            Assert.AreEqual(HttpStatusCode.MethodNotAllowed, r.StatusCode, method);
            Assert.AreEqual("ReadOnly", r.Headers.GetValues("Ns-Error").Single());
            Assert.AreEqual("GET, HEAD, OPTIONS", string.Join(", ", r.Content.Headers.Allow));
        }
        Assert.AreEqual("data", f.ReadFile("f"));
        Assert.IsFalse(f.Exists("new") || f.Exists("d") || f.Exists("g"));
        using var get = await f.Client.GetAsync("f");
        Assert.AreEqual("data", await get.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [DataRow("0.0.0.0:0")]
    [DataRow("192.0.2.1:80")]
    [DataRow("example.org:80")]
    [DataRow("https://127.0.0.1:0")]
    [DataRow("127.0.0.1:notaport")]
    public async Task Start_NonLoopbackOrMalformedAddress_Refused(string address)
    {
        using var dir = new Namespace.Testing.TempDirectory();
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => OriginServer.StartAsync(dir.Path, address));
    }

    [TestMethod]
    public async Task Start_Ipv6Loopback_Serves()
    {
        using var dir = new Namespace.Testing.TempDirectory();
        File.WriteAllText(dir.Combine("f"), "six");
        await using var server = await OriginServer.StartAsync(dir.Path, "[::1]:0");
        StringAssert.StartsWith(server.Url.ToString(), "http://[::1]:");
        using var client = new HttpClient();
        Assert.AreEqual("six", await client.GetStringAsync(new Uri(server.Url, "f")));
    }
}
