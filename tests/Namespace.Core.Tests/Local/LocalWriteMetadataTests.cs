using Namespace.Core.Namespaces;
using Namespace.Testing;

namespace Namespace.Core.Tests.Local;

/// <summary>A write through localfs replaces a file's content, not what the file is: its mode and owner stay.</summary>
[TestClass]
public sealed class LocalWriteMetadataTests
{
    private LocalMount _x = null!;
    private VirtualOS _os = null!;

    [TestInitialize]
    public async Task Init()
    {
        _x = await LocalMount.StartAsync();
        _os = _x.Os;
    }

    [TestCleanup]
    public void Cleanup() => _x.Dispose();

    [TestMethod]
    public async Task Write_PrivateAndExecutableFiles_KeepTheirModes()
    {
        var secret = Make("secret", "600");
        var script = Make("script", "755");
        await _os.WriteAllTextAsync("/x/secret", "new secret");
        await _os.WriteAllTextAsync("/x/script", "#!/bin/sh\necho new\n");
        Assert.AreEqual("600", HostFiles.OwnerAndMode(secret).Split(':')[2]);
        Assert.AreEqual("755", HostFiles.OwnerAndMode(script).Split(':')[2]);
        Assert.AreEqual("new secret", File.ReadAllText(secret));
    }

    [TestMethod]
    public async Task Write_PrivateFile_NewContentNeverReadableByOthersMeanwhile()
    {
        Make("secret", "600");
        await using var output = await _os.OpenWriteAsync("/x/secret");
        await output.WriteAsync("new secret"u8.ToArray());
        var temp = Directory.GetFiles(_x.Dir.Path, ".nsh-tmp-*").Single();
        Assert.AreEqual("600", HostFiles.OwnerAndMode(temp).Split(':')[2], "the temporary file is as private as the file it replaces");
    }

    [TestMethod]
    public async Task Write_FileOfAnotherUser_KeepsOwnerAndMode()
    {
        if (!HostFiles.CanChangeOwner) Assert.Inconclusive("giving a file to another user needs root");
        var secret = Make("secret", "600");
        HostFiles.ChangeOwner(secret, HostFiles.Nobody);
        await _os.WriteAllTextAsync("/x/secret", "new secret");
        Assert.AreEqual(HostFiles.Nobody + ":600", HostFiles.OwnerAndMode(secret));
    }

    [TestMethod]
    public async Task Write_HardLinkedFile_ReplacesThisNameOnlyAsDocumented()
    {
        var file = Make("file", "644");
        var other = _x.Dir.Combine("other");
        HostFiles.HardLink(file, other);
        await _os.WriteAllTextAsync("/x/file", "new");
        Assert.AreEqual("new", File.ReadAllText(file));
        Assert.AreEqual("old", File.ReadAllText(other), "the replace makes a new file; the other name keeps the old one (docs/namespace.md, localfs)");
        Assert.AreEqual(1, HostFiles.Links(file));
    }

    private string Make(string name, string mode)
    {
        var path = _x.Dir.Combine(name);
        File.WriteAllText(path, "old");
        HostFiles.ChangeMode(path, mode);
        return path;
    }
}
