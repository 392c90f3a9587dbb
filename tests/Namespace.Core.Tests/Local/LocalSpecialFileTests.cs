using Namespace.Core.Errors;
using Namespace.Core.Namespaces;
using Namespace.Core.Providers;
using Namespace.Testing;

namespace Namespace.Core.Tests.Local;

/// <summary>
/// A FIFO in a local directory is shown as what it is, and reading or writing it is refused at once: opening one would
/// wait, for ever, for a writer that may never come.
/// </summary>
[TestClass]
public sealed class LocalSpecialFileTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private LocalMount _x = null!;
    private VirtualOS _os = null!;
    private string _fifo = null!;

    [TestInitialize]
    public async Task Init()
    {
        _x = await LocalMount.StartAsync(dir =>
        {
            HostFiles.MakeFifo(dir.Combine("pipe"));
            File.WriteAllText(dir.Combine("plain"), "plain");
        });
        _os = _x.Os;
        _fifo = _x.Dir.Combine("pipe");
    }

    [TestCleanup]
    public void Cleanup() => _x.Dispose();

    [TestMethod]
    public async Task ListAndStat_Fifo_ShownAsFifo()
    {
        var listed = new List<NsEntry>();
        await foreach (var entry in _os.ListAsync("/x")) listed.Add(entry);
        var pipe = listed.Single(e => e.Name == "pipe");
        Assert.AreEqual(EntryKind.Fifo, pipe.Kind);
        StringAssert.StartsWith(NsEntryText.Mode(pipe), "p");
        Assert.AreEqual("fifo", NsEntryText.Kind(pipe));
        Assert.AreEqual(EntryKind.Fifo, (await _os.StatAsync("/x/pipe")).Kind);
        Assert.AreEqual(EntryKind.File, listed.Single(e => e.Name == "plain").Kind);
    }

    [TestMethod]
    public async Task Read_Fifo_RefusedAtOnce()
    {
        var e = await WithinPatienceAsync(() => Ns.ThrowsNsAsync(NsErrorKind.NotRegularFile, () => _os.ReadAllBytesAsync("/x/pipe")));
        Assert.AreEqual("/x/pipe: not a regular file (a fifo)", e.Message);
    }

    [TestMethod]
    public async Task WriteAndAppend_Fifo_RefusedAndLeftAFifo()
    {
        await WithinPatienceAsync(() => Ns.ThrowsNsAsync(NsErrorKind.NotRegularFile, () => _os.WriteAllTextAsync("/x/pipe", "x")));
        await WithinPatienceAsync(() => Ns.ThrowsNsAsync(NsErrorKind.NotRegularFile, () => _os.OpenWriteAsync("/x/pipe", WriteMode.Append)));
        Assert.AreEqual(EntryKind.Fifo, (await _os.StatAsync("/x/pipe")).Kind);
    }

    [TestMethod]
    public async Task CopyTree_WithFifo_FailsNamingItInsteadOfWaiting()
    {
        await _os.CreateDirectoryAsync("/x/copy");
        var e = await WithinPatienceAsync(() => Ns.ThrowsNsAsync(NsErrorKind.NotRegularFile, () => _os.CopyAsync("/x/pipe", "/x/copy/pipe")));
        Assert.AreEqual("/x/pipe", e.Path);
    }

    // Before the fix, opening the FIFO blocks its thread: this fails the test instead of hanging it, then lets the
    // blocked open go on by opening the other end.
    private async Task<T> WithinPatienceAsync<T>(Func<Task<T>> action)
    {
        var task = Task.Run(action);
        if (await Task.WhenAny(task, Task.Delay(Patience)) != task)
        {
            using (new FileStream(_fifo, FileMode.Open, FileAccess.ReadWrite))
            {
            }
            Assert.Fail("opening the FIFO waited instead of failing");
        }
        return await task;
    }
}
