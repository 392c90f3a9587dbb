using System.Text;
using Namespace.Caching;
using Namespace.Core.Errors;
using Namespace.Core.Providers;

namespace Namespace.Testing;

/// <summary>
/// The write-back journal every store that offers <c>mode=writeback</c> keeps (<see cref="ICacheJournal"/>): local changes
/// and their rows in one step, coalesced per path, pinned until the uploader completes them, and never lost to a change
/// made while an upload was under way.
/// </summary>
public abstract class CacheJournalContractTests : CacheStoreContractBase
{
    private static readonly OriginVersion V1 = new(true, EntryKind.File, "\"v1\"", T0.AddDays(-2));
    private static readonly OriginVersion V2 = new(true, EntryKind.File, "\"v2\"", T0.AddDays(-1));

    private async Task<(ICacheStore Store, ICacheJournal Journal)> CreateAsync()
    {
        var store = await CreateStoreAsync();
        return (store, (ICacheJournal)store);
    }

    private static async Task WriteLocalAsync(ICacheJournal journal, string path, string text, OriginVersion? basedOn = null)
    {
        await using var stream = await journal.OpenLocalWriteAsync(P(path), basedOn ?? OriginVersion.Absent, T0);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    private static async Task<List<JournalEntry>> RowsAsync(ICacheJournal journal, string path = "/")
    {
        var rows = new List<JournalEntry>();
        await foreach (var row in journal.ReadJournalAsync(P(path))) rows.Add(row);
        return rows;
    }

    [TestMethod]
    public async Task LocalWrite_KeepsTheContentAsDirty_WithAWriteRowOnItsBase()
    {
        var (store, journal) = await CreateAsync();

        await WriteLocalAsync(journal, "/c/d/new.txt", "local", V1);

        Assert.AreEqual("local", await ReadAsync(store, "/c/d/new.txt"));
        var record = await store.GetRecordAsync(P("/c/d/new.txt"));
        Assert.IsNotNull(record);
        Assert.IsTrue(record.Dirty);
        Assert.AreEqual(5, record.Size);
        var row = await journal.GetJournalAsync(P("/c/d/new.txt"));
        Assert.IsNotNull(row);
        Assert.AreEqual(JournalChange.Write, row.Change);
        Assert.AreEqual(JournalState.Pending, row.State);
        Assert.AreEqual(V1, row.Base);
        Assert.AreEqual(T0, row.NotBeforeUtc);
        Assert.IsNull(row.Sent);
    }

    [TestMethod]
    public async Task LocalWrite_Aborted_ChangesNothing()
    {
        var (store, journal) = await CreateAsync();
        await FillAsync(store, "/f", "copy");

        await using (var stream = await journal.OpenLocalWriteAsync(P("/f"), V1, T0))
        {
            await stream.WriteAsync("local"u8.ToArray());
            stream.Abort();
        }

        Assert.AreEqual("copy", await ReadAsync(store, "/f"));
        Assert.IsFalse((await store.GetRecordAsync(P("/f")))!.Dirty);
        Assert.IsNull(await journal.GetJournalAsync(P("/f")));
    }

    [TestMethod]
    public async Task LocalWrites_ToOnePath_CoalesceIntoOneRow_KeepingTheFirstBase()
    {
        var (store, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/f", "one", V1);
        var first = (await journal.GetJournalAsync(P("/f")))!;

        await WriteLocalAsync(journal, "/f", "two", V2);

        var rows = await RowsAsync(journal);
        Assert.HasCount(1, rows);
        Assert.AreEqual(V1, rows[0].Base, "the base is what the first change not yet uploaded started from");
        Assert.IsGreaterThan(first.Sequence, rows[0].Sequence);
        Assert.AreEqual("two", await ReadAsync(store, "/f"));
    }

    [TestMethod]
    public async Task ReadJournal_GivesTheRowsBelowAPath_InTheOrderOfTheirLastChange()
    {
        var (_, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/a/1", "x");
        await journal.MarkAsync(P("/a/d"), JournalChange.Directory, OriginVersion.Absent, T0);
        await WriteLocalAsync(journal, "/b/2", "x");
        await WriteLocalAsync(journal, "/a/1", "y");

        CollectionAssert.AreEqual(new[] { "/a/d", "/a/1" }, (await RowsAsync(journal, "/a")).Select(r => r.Path.Value).ToArray());
        CollectionAssert.AreEqual(new[] { "/a/d", "/b/2", "/a/1" }, (await RowsAsync(journal)).Select(r => r.Path.Value).ToArray());
    }

    [TestMethod]
    public async Task Remove_OfAFileTheOriginNeverHad_LeavesNoRowAndNoContent()
    {
        var (store, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/new", "local", OriginVersion.Absent);

        await journal.MarkAsync(P("/new"), JournalChange.Remove, OriginVersion.Absent, T0);

        Assert.IsNull(await journal.GetJournalAsync(P("/new")));
        Assert.IsNull(await store.GetRecordAsync(P("/new")));
    }

    [TestMethod]
    public async Task Remove_OfAFileTheOriginHas_DropsTheCopy_AndKeepsARemoveRowOnItsBase()
    {
        var (store, journal) = await CreateAsync();
        await FillAsync(store, "/f", "copy");

        await journal.MarkAsync(P("/f"), JournalChange.Remove, V1, T0);

        Assert.IsNull(await store.GetRecordAsync(P("/f")));
        var row = await journal.GetJournalAsync(P("/f"));
        Assert.IsNotNull(row);
        Assert.AreEqual(JournalChange.Remove, row.Change);
        Assert.AreEqual(V1, row.Base);
    }

    [TestMethod]
    public async Task Remove_OfANewFileWhoseUploadBegan_KeepsARow_TheUploadMayHaveLanded()
    {
        var (_, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/new", "local", OriginVersion.Absent);
        var row = (await journal.GetJournalAsync(P("/new")))!;
        Assert.IsTrue(await journal.ClaimAsync(P("/new"), row.Sequence, "digest"));

        await journal.MarkAsync(P("/new"), JournalChange.Remove, OriginVersion.Absent, T0);

        var after = await journal.GetJournalAsync(P("/new"));
        Assert.IsNotNull(after, "the origin may hold the upload: removing it must reach the origin");
        Assert.AreEqual(JournalChange.Remove, after.Change);
        Assert.AreEqual("digest", after.Sent);

        Assert.IsFalse(await journal.CompleteAsync(P("/new"), row.Sequence, V1, T0));
        var settled = (await journal.GetJournalAsync(P("/new")))!;
        Assert.AreEqual(V1, settled.Base, "the removal is now conditional on what the upload left");
        Assert.AreEqual(JournalState.Pending, settled.State);
        Assert.IsNull(settled.Sent);
    }

    [TestMethod]
    public async Task Directory_IsKeptAsDirty_AndRemovedBeforeUpload_LeavesNothing()
    {
        var (store, journal) = await CreateAsync();

        await journal.MarkAsync(P("/d"), JournalChange.Directory, OriginVersion.Absent, T0);

        var record = await store.GetRecordAsync(P("/d"));
        Assert.IsNotNull(record);
        Assert.AreEqual(EntryKind.Directory, record.Kind);
        Assert.IsTrue(record.Dirty);
        Assert.AreEqual(JournalChange.Directory, (await journal.GetJournalAsync(P("/d")))!.Change);

        await WriteLocalAsync(journal, "/d/f", "x");
        await Assert.ThrowsExactlyAsync<NamespaceException>(async () => await journal.MarkAsync(P("/d"), JournalChange.Remove, OriginVersion.Absent, T0));
        await journal.MarkAsync(P("/d/f"), JournalChange.Remove, OriginVersion.Absent, T0);
        await journal.MarkAsync(P("/d"), JournalChange.Remove, OriginVersion.Absent, T0);

        Assert.IsNull(await store.GetRecordAsync(P("/d")));
        Assert.IsEmpty(await RowsAsync(journal));
    }

    [TestMethod]
    public async Task Complete_OfTheRowAsClaimed_LeavesACleanCopyOfTheResult()
    {
        var (store, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/f", "local", V1);
        var row = (await journal.GetJournalAsync(P("/f")))!;
        Assert.IsTrue(await journal.ClaimAsync(P("/f"), row.Sequence, "digest"));
        Assert.AreEqual(JournalState.Uploading, (await journal.GetJournalAsync(P("/f")))!.State);

        Assert.IsTrue(await journal.CompleteAsync(P("/f"), row.Sequence, V2, T0.AddMinutes(1)));

        Assert.IsNull(await journal.GetJournalAsync(P("/f")));
        var record = (await store.GetRecordAsync(P("/f")))!;
        Assert.IsFalse(record.Dirty);
        Assert.AreEqual(V2.ETag, record.OriginETag);
        Assert.AreEqual(V2.ModifiedUtc, record.OriginModifiedUtc);
        Assert.AreEqual(T0.AddMinutes(1), record.ValidatedUtc);
        Assert.AreEqual("local", await ReadAsync(store, "/f"));
    }

    [TestMethod]
    public async Task Complete_AfterTheFileChangedAgain_KeepsTheNewChange_OnTheUploadsResult()
    {
        var (store, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/f", "one", V1);
        var row = (await journal.GetJournalAsync(P("/f")))!;
        Assert.IsTrue(await journal.ClaimAsync(P("/f"), row.Sequence, "digest"));
        await WriteLocalAsync(journal, "/f", "two");

        Assert.IsFalse(await journal.CompleteAsync(P("/f"), row.Sequence, V2, T0));

        var after = (await journal.GetJournalAsync(P("/f")))!;
        Assert.AreEqual(V2, after.Base);
        Assert.AreEqual(JournalState.Pending, after.State);
        Assert.IsTrue((await store.GetRecordAsync(P("/f")))!.Dirty);
        Assert.AreEqual("two", await ReadAsync(store, "/f"));
    }

    [TestMethod]
    public async Task AWriteOnAnUnknownBase_CommittedAfterTheUploadBeforeItCompleted_IsBasedOnWhatThatUploadMade()
    {
        // The write opened while the file was dirty (its base then is the row's), and the row completed before it committed.
        var (_, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/f", "one", V1);
        var row = (await journal.GetJournalAsync(P("/f")))!;
        Assert.IsTrue(await journal.ClaimAsync(P("/f"), row.Sequence, "digest"));
        await using (var second = await journal.OpenLocalWriteAsync(P("/f"), OriginVersion.Unknown, T0))
        {
            await second.WriteAsync("two"u8.ToArray());
            Assert.IsTrue(await journal.CompleteAsync(P("/f"), row.Sequence, V2, T0));
        }

        var after = (await journal.GetJournalAsync(P("/f")))!;
        Assert.AreEqual(V2, after.Base, "the origin has V2, which the cache's copy was when the write replaced it");
    }

    [TestMethod]
    public async Task ARemoveOnAnUnknownBase_OfACleanCopy_IsBasedOnTheCopysVersion()
    {
        var (store, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/f", "one", V1);
        var row = (await journal.GetJournalAsync(P("/f")))!;
        Assert.IsTrue(await journal.ClaimAsync(P("/f"), row.Sequence, "digest"));
        Assert.IsTrue(await journal.CompleteAsync(P("/f"), row.Sequence, V2, T0));

        await journal.MarkAsync(P("/f"), JournalChange.Remove, OriginVersion.Unknown, T0);

        Assert.AreEqual(V2, (await journal.GetJournalAsync(P("/f")))!.Base);
        Assert.IsNull(await store.GetRecordAsync(P("/f")));
    }

    [TestMethod]
    public async Task LocalMove_WritesTheTargetAndRemovesTheSource_InOneStep()
    {
        var (store, journal) = await CreateAsync();
        await FillAsync(store, "/d/a", "content");

        await using (var move = await journal.OpenLocalMoveAsync(P("/d/a"), V1, P("/e/b"), OriginVersion.Absent, T0))
        {
            await move.WriteAsync("content"u8.ToArray());
            Assert.AreEqual("content", await ReadAsync(store, "/d/a"), "until it commits, the source is there");
            Assert.IsNull(await store.GetRecordAsync(P("/e/b")), "and the target is not");
            Assert.IsEmpty(await RowsAsync(journal));
        }

        Assert.IsNull(await store.GetRecordAsync(P("/d/a")));
        Assert.AreEqual("content", await ReadAsync(store, "/e/b"));
        Assert.IsTrue((await store.GetRecordAsync(P("/e/b")))!.Dirty);
        var rows = await RowsAsync(journal);
        Assert.AreEqual(2, rows.Count);
        Assert.AreEqual((JournalChange.Remove, V1), (rows.Single(r => r.Path == P("/d/a")).Change, rows.Single(r => r.Path == P("/d/a")).Base));
        Assert.AreEqual((JournalChange.Write, OriginVersion.Absent), (rows.Single(r => r.Path == P("/e/b")).Change, rows.Single(r => r.Path == P("/e/b")).Base));
    }

    [TestMethod]
    public async Task LocalMove_OfAFileNeverUploaded_LeavesNoRowForTheSource()
    {
        var (store, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/a", "new", OriginVersion.Absent);

        await using (var move = await journal.OpenLocalMoveAsync(P("/a"), OriginVersion.Unknown, P("/b"), OriginVersion.Absent, T0))
        {
            await move.WriteAsync("new"u8.ToArray());
        }

        Assert.AreEqual(P("/b"), (await RowsAsync(journal)).Single().Path, "the origin never had /a: nothing to remove there");
        Assert.AreEqual("new", await ReadAsync(store, "/b"));
    }

    [TestMethod]
    public async Task LocalMove_Aborted_ChangesNothing()
    {
        var (store, journal) = await CreateAsync();
        await FillAsync(store, "/a", "content");

        await using (var move = await journal.OpenLocalMoveAsync(P("/a"), V1, P("/b"), OriginVersion.Absent, T0))
        {
            await move.WriteAsync("content"u8.ToArray());
            move.Abort();
        }

        Assert.AreEqual("content", await ReadAsync(store, "/a"));
        Assert.IsNull(await store.GetRecordAsync(P("/b")));
        Assert.IsEmpty(await RowsAsync(journal));
    }

    [TestMethod]
    public async Task Claim_OfARowThatChanged_IsRefused()
    {
        var (_, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/f", "one");
        var row = (await journal.GetJournalAsync(P("/f")))!;
        await WriteLocalAsync(journal, "/f", "two");

        Assert.IsFalse(await journal.ClaimAsync(P("/f"), row.Sequence, "digest"));
        Assert.IsFalse(await journal.ClaimAsync(P("/nothing"), 1, null));
    }

    [TestMethod]
    public async Task Parked_AConflictStaysOneThroughLaterWrites_AFailureDoesNot()
    {
        var (_, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/c", "one", V1);
        await WriteLocalAsync(journal, "/f", "one", V1);
        var c = (await journal.GetJournalAsync(P("/c")))!;
        var f = (await journal.GetJournalAsync(P("/f")))!;

        await journal.SetStateAsync(P("/c"), c.Sequence, JournalState.Conflict, "changed at the origin", 1, T0);
        await journal.SetStateAsync(P("/f"), f.Sequence, JournalState.Failed, "403 Forbidden", 1, T0);
        Assert.AreEqual("403 Forbidden", (await journal.GetJournalAsync(P("/f")))!.Reason);
        await WriteLocalAsync(journal, "/c", "two");
        await WriteLocalAsync(journal, "/f", "two");

        var conflict = (await journal.GetJournalAsync(P("/c")))!;
        Assert.AreEqual(JournalState.Conflict, conflict.State);
        Assert.AreEqual("changed at the origin", conflict.Reason);
        var failed = (await journal.GetJournalAsync(P("/f")))!;
        Assert.AreEqual(JournalState.Pending, failed.State);
        Assert.AreEqual(0, failed.Attempts);
    }

    [TestMethod]
    public async Task SetState_Retry_KeepsAttemptsAndTheTimeOfTheNextTry()
    {
        var (_, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/f", "one");
        var row = (await journal.GetJournalAsync(P("/f")))!;
        Assert.IsTrue(await journal.ClaimAsync(P("/f"), row.Sequence, "digest"));

        await journal.SetStateAsync(P("/f"), row.Sequence, JournalState.Pending, "503 Service Unavailable", 3, T0.AddSeconds(8));

        var after = (await journal.GetJournalAsync(P("/f")))!;
        Assert.AreEqual(JournalState.Pending, after.State);
        Assert.AreEqual(3, after.Attempts);
        Assert.AreEqual(T0.AddSeconds(8), after.NotBeforeUtc);
        Assert.AreEqual("digest", after.Sent, "what was sent may have landed");
    }

    [TestMethod]
    public async Task Resolve_KeepingLocal_QueuesItOnTheOriginsVersion_KeepingRemote_GivesItUp()
    {
        var (store, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/keep", "mine", V1);
        await WriteLocalAsync(journal, "/drop", "mine", V1);
        foreach (var path in new[] { "/keep", "/drop" })
        {
            var row = (await journal.GetJournalAsync(P(path)))!;
            await journal.SetStateAsync(P(path), row.Sequence, JournalState.Conflict, "changed", 1, T0);
        }

        Assert.IsTrue(await journal.ResolveAsync(P("/keep"), keepLocal: true, V2));
        Assert.IsTrue(await journal.ResolveAsync(P("/drop"), keepLocal: false, V2));

        var kept = (await journal.GetJournalAsync(P("/keep")))!;
        Assert.AreEqual(JournalState.Pending, kept.State);
        Assert.AreEqual(V2, kept.Base);
        Assert.AreEqual("mine", await ReadAsync(store, "/keep"));
        Assert.IsNull(await journal.GetJournalAsync(P("/drop")));
        Assert.IsNull(await store.GetRecordAsync(P("/drop")), "the next read asks the origin");
        Assert.IsFalse(await journal.ResolveAsync(P("/nothing"), keepLocal: true, V2));
    }

    [TestMethod]
    public async Task LocalChanges_ArePinned_AgainstDropEvictionAndFills()
    {
        var (store, journal) = await CreateAsync();
        await WriteLocalAsync(journal, "/c/f", "local", V1);
        await journal.MarkAsync(P("/c/d"), JournalChange.Directory, OriginVersion.Absent, T0);

        await store.DropAsync(P("/c"));
        await store.EvictAsync([P("/c/f")]);
        var fill = await Assert.ThrowsExactlyAsync<NamespaceException>(async () =>
        {
            await using var stream = await store.OpenFillAsync(P("/c/f"), Fetched(4));
            await stream.WriteAsync("copy"u8.ToArray());
        });

        Assert.AreEqual(NsErrorKind.Conflict, fill.Kind);
        Assert.AreEqual("local", await ReadAsync(store, "/c/f"));
        Assert.IsNotNull(await store.GetRecordAsync(P("/c/d")));
        Assert.HasCount(2, await RowsAsync(journal));
    }

    [TestMethod]
    public async Task LocalWrite_OverADirectory_IsRefused()
    {
        var (store, journal) = await CreateAsync();
        await FillAsync(store, "/d/f", "x");

        var error = await Assert.ThrowsExactlyAsync<NamespaceException>(async () => await journal.OpenLocalWriteAsync(P("/d"), V1, T0));

        Assert.AreEqual(NsErrorKind.IsADirectory, error.Kind);
        Assert.IsEmpty(await RowsAsync(journal));
    }

    [TestMethod]
    public async Task Lease_OneHolderAtATime_UntilItRunsOutOrIsGivenUp()
    {
        var (_, journal) = await CreateAsync();
        var root = P("/c");

        Assert.IsTrue(await journal.TryLeaseAsync(root, "a", T0, T0.AddSeconds(15)));
        Assert.IsFalse(await journal.TryLeaseAsync(root, "b", T0.AddSeconds(1), T0.AddSeconds(16)), "a holds it");
        Assert.IsTrue(await journal.TryLeaseAsync(P("/other"), "b", T0.AddSeconds(1), T0.AddSeconds(16)), "each root has its own");
        Assert.IsTrue(await journal.TryLeaseAsync(root, "a", T0.AddSeconds(5), T0.AddSeconds(20)), "the holder renews it");
        Assert.IsFalse(await journal.TryLeaseAsync(root, "b", T0.AddSeconds(19), T0.AddSeconds(34)), "renewed, it still runs");
        Assert.IsTrue(await journal.TryLeaseAsync(root, "b", T0.AddSeconds(21), T0.AddSeconds(36)), "a's ran out: a died");
        Assert.IsFalse(await journal.TryLeaseAsync(root, "a", T0.AddSeconds(22), T0.AddSeconds(37)));

        await journal.ReleaseLeaseAsync(root, "a");
        Assert.IsFalse(await journal.TryLeaseAsync(root, "a", T0.AddSeconds(23), T0.AddSeconds(38)), "only the holder gives it up");
        await journal.ReleaseLeaseAsync(root, "b");
        Assert.IsTrue(await journal.TryLeaseAsync(root, "a", T0.AddSeconds(24), T0.AddSeconds(39)), "given up, it is free at once");
    }

    [TestMethod]
    public async Task Lease_OfAHolderKnownToBeGone_IsTakenAtOnce_AndOfOneAlive_IsNot()
    {
        var (_, journal) = await CreateAsync();
        var root = P("/c");
        Assert.IsTrue(await journal.TryLeaseAsync(root, "a", T0, T0.AddSeconds(15)));
        var asked = new List<string>();

        Assert.IsFalse(await journal.TryLeaseAsync(root, "b", T0.AddSeconds(1), T0.AddSeconds(16), h => { asked.Add(h); return false; }), "a is alive");
        Assert.IsTrue(await journal.TryLeaseAsync(root, "b", T0.AddSeconds(2), T0.AddSeconds(17), h => { asked.Add(h); return h == "a"; }), "a's process died");
        CollectionAssert.AreEqual(new[] { "a", "a" }, asked, "the holder found is what is asked about");
        Assert.IsFalse(await journal.TryLeaseAsync(root, "a", T0.AddSeconds(3), T0.AddSeconds(18)), "b holds it now");
    }
}
