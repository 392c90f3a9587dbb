using System.Net;
using System.Net.Http.Headers;
using Namespace.Testing;

namespace Namespace.Http.Tests.Server;

[TestClass]
public sealed class OriginServerWriteTests
{
    private OriginFixture _f = null!;

    [TestInitialize]
    public async Task Init() => _f = await OriginFixture.StartAsync(new Http.Server.OriginServerOptions { MaxRequestBodySize = 1024 });

    [TestCleanup]
    public async Task Cleanup() => await _f.DisposeAsync();

    [TestMethod]
    public async Task Put_NewThenExisting_201Then204AndContentOnDisk()
    {
        using var created = await _f.SendAsync(HttpMethod.Put, "f.txt", body: "one");
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        Assert.IsNotNull(created.Headers.ETag);
        Assert.AreEqual("/f.txt", created.Headers.Location?.OriginalString);
        using var replaced = await _f.SendAsync(HttpMethod.Put, "f.txt", body: "two!");
        Assert.AreEqual(HttpStatusCode.NoContent, replaced.StatusCode);
        Assert.AreNotEqual(created.Headers.ETag, replaced.Headers.ETag);
        Assert.AreEqual("two!", _f.ReadFile("f.txt"));
        Assert.AreEqual(1, Directory.GetFiles(_f.Dir.Path).Length, "no temporary file is left behind");
    }

    [TestMethod]
    public async Task Put_ExistingFile_KeepsItsOwnerAndMode()
    {
        _f.WriteFile("secret", "old");
        _f.WriteFile("script", "#!/bin/sh\n");
        var secret = _f.Dir.Combine("secret");
        HostFiles.ChangeMode(secret, "600");
        HostFiles.ChangeMode(_f.Dir.Combine("script"), "755");
        var owner = HostFiles.CanChangeOwner ? HostFiles.Nobody : string.Join(':', HostFiles.OwnerAndMode(secret).Split(':')[..2]);
        if (HostFiles.CanChangeOwner) HostFiles.ChangeOwner(secret, owner);
        using (var put = await _f.SendAsync(HttpMethod.Put, "secret", body: "new"))
            Assert.AreEqual(HttpStatusCode.NoContent, put.StatusCode);
        using (var put = await _f.SendAsync(HttpMethod.Put, "script", body: "#!/bin/sh\necho new\n"))
            Assert.AreEqual(HttpStatusCode.NoContent, put.StatusCode);
        Assert.AreEqual(owner + ":600", HostFiles.OwnerAndMode(secret));
        Assert.AreEqual("755", HostFiles.OwnerAndMode(_f.Dir.Combine("script")).Split(':')[2]);
        Assert.AreEqual("new", _f.ReadFile("secret"));
    }

    [TestMethod]
    public async Task Start_StaleTemporaryFilesFromAKilledUpload_Removed()
    {
        using var dir = new TempDirectory();
        var stale = dir.Combine(".nsh-tmp-0123456789abcdef0123456789abcdef");
        var fresh = dir.Combine(".nsh-tmp-11111111111111111111111111111111");
        File.WriteAllText(stale, "left by a server killed mid-PUT");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        File.WriteAllText(fresh, "another server's upload under way");
        await using (var server = await Http.Server.OriginServer.StartAsync(dir.Path, "127.0.0.1:0"))
        {
            Assert.IsFalse(File.Exists(stale));
            Assert.IsTrue(File.Exists(fresh));
        }
        File.WriteAllText(stale, "again");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        await using (var readOnly = await Http.Server.OriginServer.StartAsync(dir.Path, "127.0.0.1:0", new Http.Server.OriginServerOptions { ReadOnly = true }))
            Assert.IsTrue(File.Exists(stale), "a read-only server changes nothing");
    }

    [TestMethod]
    public async Task Put_IfMatch_OverwritesOnlyTheVersionNamed()
    {
        _f.WriteFile("f", "base");
        using var head = await _f.SendAsync(HttpMethod.Head, "f");
        var etag = head.Headers.ETag!;
        using var ok = await _f.SendAsync(HttpMethod.Put, "f", m => m.Headers.IfMatch.Add(etag), "mine");
        Assert.AreEqual(HttpStatusCode.NoContent, ok.StatusCode);
        using var stale = await _f.SendAsync(HttpMethod.Put, "f", m => m.Headers.IfMatch.Add(etag), "lost update");
        Assert.AreEqual(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.AreEqual("Conflict", stale.Headers.GetValues("Ns-Error").Single());
        Assert.AreEqual("mine", _f.ReadFile("f"));
        using var missing = await _f.SendAsync(HttpMethod.Put, "new", m => m.Headers.IfMatch.Add(etag), "x");
        Assert.AreEqual(HttpStatusCode.PreconditionFailed, missing.StatusCode, "If-Match never matches a missing file");
        Assert.IsFalse(_f.Exists("new"));
    }

    [TestMethod]
    public async Task Put_IfNoneMatchStar_CreatesOnlyWhenAbsent()
    {
        using var first = await _f.SendAsync(HttpMethod.Put, "f", m => m.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any), "first");
        Assert.AreEqual(HttpStatusCode.Created, first.StatusCode);
        using var second = await _f.SendAsync(HttpMethod.Put, "f", m => m.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any), "second");
        Assert.AreEqual(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.AreEqual("first", _f.ReadFile("f"));
    }

    [TestMethod]
    public async Task Put_MissingParentOrOntoDirectoryOrTrailingSlash_FailsWithKind()
    {
        Directory.CreateDirectory(_f.Dir.Combine("d"));
        using var noParent = await _f.SendAsync(HttpMethod.Put, "no/such/f", body: "x");
        Assert.AreEqual(HttpStatusCode.NotFound, noParent.StatusCode);
        StringAssert.Contains(await noParent.Content.ReadAsStringAsync(), "\"path\":\"/no/such\"");
        using var onDir = await _f.SendAsync(HttpMethod.Put, "d", body: "x");
        Assert.AreEqual("IsADirectory", onDir.Headers.GetValues("Ns-Error").Single());
        using var slash = await _f.SendAsync(HttpMethod.Put, "x/", body: "x");
        Assert.AreEqual(HttpStatusCode.BadRequest, slash.StatusCode);
        using var partial = await _f.SendAsync(HttpMethod.Put, "x", m => m.Content!.Headers.ContentRange = new ContentRangeHeaderValue(0, 0, 1), "x");
        Assert.AreEqual(HttpStatusCode.BadRequest, partial.StatusCode);
    }

    [TestMethod]
    public async Task Put_BodyOverLimit_Returns413AndWritesNothing()
    {
        // With Expect: 100-continue the client waits for the server's answer before sending the body,
        // so the 413 always arrives (without it the server may close the socket while the body is still going out).
        using var declared = await _f.SendAsync(HttpMethod.Put, "big", m => m.Headers.ExpectContinue = true, new string('x', 2048));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        var chunked = new HttpRequestMessage(HttpMethod.Put, "big2") { Content = new StreamContent(new MemoryStream(new byte[4096])) };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.ExpectContinue = true;
        using var streamed = await _f.Client.SendAsync(chunked);
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.IsFalse(_f.Exists("big") || _f.Exists("big2"));
        Assert.AreEqual(0, Directory.GetFileSystemEntries(_f.Dir.Path).Length, "the aborted temporary file is removed");
    }

    [TestMethod]
    public async Task Put_ChunkedBodyOverLimit_ErrorNamesPathAndLimit()
    {
        var chunked = new HttpRequestMessage(HttpMethod.Put, "sub-big") { Content = new StreamContent(new MemoryStream(new byte[4096])) };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.ExpectContinue = true;
        using var streamed = await _f.Client.SendAsync(chunked);
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        var body = await streamed.Content.ReadAsStringAsync();
        StringAssert.Contains(body, "\"kind\":\"TooLarge\"");
        StringAssert.Contains(body, "\"path\":\"/sub-big\"");
        StringAssert.Contains(body, "body larger than 1024 bytes");
    }

    [TestMethod]
    public async Task Delete_IfMatchAndDepth_RemovesOrRefuses()
    {
        _f.WriteFile("f", "x");
        _f.WriteFile("d/inner", "x");
        using var stale = await _f.SendAsync(HttpMethod.Delete, "f", m => m.Headers.IfMatch.Add(new EntityTagHeaderValue("\"old\"")));
        Assert.AreEqual(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.IsTrue(_f.Exists("f"));
        using var head = await _f.SendAsync(HttpMethod.Head, "f");
        using var ok = await _f.SendAsync(HttpMethod.Delete, "f", m => m.Headers.IfMatch.Add(head.Headers.ETag!));
        Assert.AreEqual(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.IsFalse(_f.Exists("f"));
        using var gone = await _f.SendAsync(HttpMethod.Delete, "f");
        Assert.AreEqual(HttpStatusCode.NotFound, gone.StatusCode);
        using var notEmpty = await _f.SendAsync(HttpMethod.Delete, "d");
        Assert.AreEqual("NotEmpty", notEmpty.Headers.GetValues("Ns-Error").Single());
        using var deep = await _f.SendAsync(HttpMethod.Delete, "d", m => m.Headers.Add("Depth", "infinity"));
        Assert.AreEqual(HttpStatusCode.NoContent, deep.StatusCode);
        Assert.IsFalse(_f.Exists("d"));
        using var root = await _f.SendAsync(HttpMethod.Delete, "/");
        Assert.AreEqual(HttpStatusCode.BadRequest, root.StatusCode);
    }

    [TestMethod]
    public async Task Mkcol_MakesDirectoryOrSaysWhy()
    {
        using var made = await _f.SendAsync(new HttpMethod("MKCOL"), "d");
        Assert.AreEqual(HttpStatusCode.Created, made.StatusCode);
        Assert.IsTrue(Directory.Exists(_f.Dir.Combine("d")));
        using var again = await _f.SendAsync(new HttpMethod("MKCOL"), "d");
        Assert.AreEqual("Exists", again.Headers.GetValues("Ns-Error").Single());
        using var orphan = await _f.SendAsync(new HttpMethod("MKCOL"), "x/y");
        Assert.AreEqual(HttpStatusCode.NotFound, orphan.StatusCode);
    }

    [TestMethod]
    public async Task Move_Destination_RenamesReplacesAndHonoursOverwriteF()
    {
        _f.WriteFile("a", "A");
        _f.WriteFile("b", "B");
        using var moved = await _f.SendAsync(new HttpMethod("MOVE"), "a", m => m.Headers.Add("Destination", "/c"));
        Assert.AreEqual(HttpStatusCode.Created, moved.StatusCode);
        Assert.AreEqual("A", _f.ReadFile("c"));
        using var refused = await _f.SendAsync(new HttpMethod("MOVE"), "c", m => { m.Headers.Add("Destination", _f.Url + "b"); m.Headers.Add("Overwrite", "F"); });
        Assert.AreEqual(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.AreEqual("B", _f.ReadFile("b"));
        using var replaced = await _f.SendAsync(new HttpMethod("MOVE"), "c", m => m.Headers.Add("Destination", _f.Url + "b"));
        Assert.AreEqual(HttpStatusCode.NoContent, replaced.StatusCode);
        Assert.AreEqual("A", _f.ReadFile("b"));
        Assert.IsFalse(_f.Exists("c"));
        using var noDest = await _f.SendAsync(new HttpMethod("MOVE"), "b");
        Assert.AreEqual(HttpStatusCode.BadRequest, noDest.StatusCode);
        using var escape = await _f.SendAsync(new HttpMethod("MOVE"), "b", m => m.Headers.Add("Destination", "/%2e%2e/outside"));
        Assert.AreEqual(HttpStatusCode.BadRequest, escape.StatusCode);
        Assert.AreEqual("A", _f.ReadFile("b"));
    }

    [TestMethod]
    public async Task Move_IntoItself_IsInvalid()
    {
        Directory.CreateDirectory(_f.Dir.Combine("d"));
        using var r = await _f.SendAsync(new HttpMethod("MOVE"), "d", m => m.Headers.Add("Destination", "/d/inner"));
        Assert.AreEqual(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [TestMethod]
    public async Task EventsPath_IsReservedForWrites()
    {
        using var r = await _f.SendAsync(HttpMethod.Put, ".events", body: "x");
        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        using var m = await _f.SendAsync(new HttpMethod("MKCOL"), "x");
        using var mv = await _f.SendAsync(new HttpMethod("MOVE"), "x", q => q.Headers.Add("Destination", "/.events"));
        Assert.AreEqual(HttpStatusCode.BadRequest, mv.StatusCode);
    }
}
