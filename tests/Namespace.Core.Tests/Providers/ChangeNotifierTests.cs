using Namespace.Core.Paths;
using Namespace.Core.Providers;

namespace Namespace.Core.Tests.Providers;

[TestClass]
public sealed class ChangeNotifierTests
{
    private readonly ChangeNotifier _notifier = new();

    [TestMethod]
    public void Notify_ChangesAtBelowAboveAndBesideTheWatchedPath_OnlyThoseAtOrBelowDelivered()
    {
        var seen = Record("/d");

        foreach (var path in new[] { "/d", "/d/f", "/d/e/f", "/", "/dx", "/e/d" })
            _notifier.Notify(new ChangeEvent(ChangeKind.Changed, VPath.Parse(path)));

        CollectionAssert.AreEqual(new[] { "/d", "/d/f", "/d/e/f" }, seen.Select(c => c.Path.Value).ToArray());
    }

    [TestMethod]
    public void Notify_RenameInOrOutOfTheWatchedPath_DeliveredBothWays()
    {
        var seen = Record("/d");
        var into = new ChangeEvent(ChangeKind.Renamed, VPath.Parse("/d/f"), VPath.Parse("/e/f"));
        var outOf = new ChangeEvent(ChangeKind.Renamed, VPath.Parse("/e/g"), VPath.Parse("/d/g"));
        var elsewhere = new ChangeEvent(ChangeKind.Renamed, VPath.Parse("/e/h"), VPath.Parse("/e/g"));

        _notifier.Notify(into);
        _notifier.Notify(outOf);
        _notifier.Notify(elsewhere);

        CollectionAssert.AreEqual(new[] { into, outOf }, seen);
    }

    [TestMethod]
    public void Notify_SeveralSubscribers_EachCalledOnceInTheOrderTheySubscribed()
    {
        var calls = new List<string>();
        _notifier.Subscribe(VPath.Root, _ => calls.Add("root"));
        _notifier.Subscribe(VPath.Parse("/d"), _ => calls.Add("d"));
        _notifier.Subscribe(VPath.Parse("/d/f"), _ => calls.Add("f"));
        _notifier.Subscribe(VPath.Parse("/e"), _ => calls.Add("e"));

        _notifier.Notify(new ChangeEvent(ChangeKind.Deleted, VPath.Parse("/d/f")));

        CollectionAssert.AreEqual(new[] { "root", "d", "f" }, calls);
    }

    [TestMethod]
    public void Dispose_Subscription_NoMoreCallsAndASecondDisposeChangesNothing()
    {
        var seen = new List<ChangeEvent>();
        var subscription = _notifier.Subscribe(VPath.Root, seen.Add);
        _notifier.Notify(new ChangeEvent(ChangeKind.Created, VPath.Parse("/a")));

        subscription.Dispose();
        subscription.Dispose();
        _notifier.Notify(new ChangeEvent(ChangeKind.Created, VPath.Parse("/b")));

        Assert.HasCount(1, seen);
        Assert.IsFalse(_notifier.HasSubscribers);
    }

    [TestMethod]
    public void Dispose_OneOfTwoSubscriptionsWithTheSameCallback_TheOtherStays()
    {
        var seen = new List<ChangeEvent>();
        var first = _notifier.Subscribe(VPath.Root, seen.Add);
        _notifier.Subscribe(VPath.Root, seen.Add);

        first.Dispose();
        _notifier.Notify(new ChangeEvent(ChangeKind.Created, VPath.Parse("/a")));

        Assert.HasCount(1, seen);
        Assert.IsTrue(_notifier.HasSubscribers);
    }

    [TestMethod]
    public void Notify_SubscriptionDisposedByAnEarlierCallbackOfTheSameChange_NotCalled()
    {
        var calls = new List<string>();
        IDisposable? second = null;
        _notifier.Subscribe(VPath.Root, _ =>
        {
            calls.Add("first");
            second!.Dispose();
        });
        second = _notifier.Subscribe(VPath.Root, _ => calls.Add("second"));

        _notifier.Notify(new ChangeEvent(ChangeKind.Changed, VPath.Parse("/a")));

        CollectionAssert.AreEqual(new[] { "first" }, calls);
    }

    [TestMethod]
    public void Notify_CallbackSubscribesAnother_NewOneSeesOnlyLaterChanges()
    {
        var late = new List<ChangeEvent>();
        var subscribed = false;
        _notifier.Subscribe(VPath.Root, _ =>
        {
            if (subscribed) return;
            subscribed = true;
            _notifier.Subscribe(VPath.Root, late.Add);
        });
        var second = new ChangeEvent(ChangeKind.Changed, VPath.Parse("/b"));

        _notifier.Notify(new ChangeEvent(ChangeKind.Changed, VPath.Parse("/a")));
        _notifier.Notify(second);

        CollectionAssert.AreEqual(new[] { second }, late);
    }

    [TestMethod]
    public void Notify_OneCallbackThrows_TheOthersAreStillCalledAndItsExceptionSurfacesAfterThem()
    {
        var calls = new List<string>();
        var failure = new InvalidOperationException("subscriber bug");
        _notifier.Subscribe(VPath.Root, _ => calls.Add("before"));
        _notifier.Subscribe(VPath.Root, _ => throw failure);
        _notifier.Subscribe(VPath.Root, _ => calls.Add("after"));

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => _notifier.Notify(new ChangeEvent(ChangeKind.Changed, VPath.Parse("/a"))));

        Assert.AreSame(failure, thrown);
        CollectionAssert.AreEqual(new[] { "before", "after" }, calls);
    }

    [TestMethod]
    public void Notify_SeveralCallbacksThrow_AllCalledAndAllTheirExceptionsSurfaceTogether()
    {
        var calls = 0;
        var first = new InvalidOperationException("one");
        var second = new ArgumentException("two");
        _notifier.Subscribe(VPath.Root, _ => throw first);
        _notifier.Subscribe(VPath.Root, _ => calls++);
        _notifier.Subscribe(VPath.Root, _ => throw second);

        var thrown = Assert.ThrowsExactly<AggregateException>(() => _notifier.Notify(new ChangeEvent(ChangeKind.Changed, VPath.Parse("/a"))));

        Assert.AreEqual(1, calls);
        CollectionAssert.AreEqual(new Exception[] { first, second }, thrown.InnerExceptions.ToArray());
    }

    [TestMethod]
    public void NotifyOverflow_EverySubscriber_GetsAnOverflowAtItsOwnWatchedPath()
    {
        var root = Record("/");
        var d = Record("/d");
        var throwing = _notifier.Subscribe(VPath.Parse("/e"), _ => throw new InvalidOperationException());

        Assert.ThrowsExactly<InvalidOperationException>(_notifier.NotifyOverflow);

        CollectionAssert.AreEqual(new[] { new ChangeEvent(ChangeKind.Overflow, VPath.Root) }, root);
        CollectionAssert.AreEqual(new[] { new ChangeEvent(ChangeKind.Overflow, VPath.Parse("/d")) }, d);
        throwing.Dispose();
    }

    [TestMethod]
    public void Clear_WithSubscribers_NoneIsCalledAfterwards()
    {
        var seen = Record("/");
        var subscription = _notifier.Subscribe(VPath.Root, seen.Add);

        _notifier.Clear();
        _notifier.Notify(new ChangeEvent(ChangeKind.Created, VPath.Parse("/a")));
        subscription.Dispose();

        Assert.IsEmpty(seen);
        Assert.IsFalse(_notifier.HasSubscribers);
    }

    [TestMethod]
    public void Subscribe_NullCallback_Refused() =>
        Assert.ThrowsExactly<ArgumentNullException>(() => _notifier.Subscribe(VPath.Root, null!));

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task SubscribeDisposeAndNotify_FromManyThreadsAtOnce_NoneLostNoneLeft()
    {
        var steady = 0;
        using var keep = _notifier.Subscribe(VPath.Root, _ => Interlocked.Increment(ref steady));
        const int changes = 2_000;

        var notifying = Task.Run(() =>
        {
            for (var i = 0; i < changes; i++) _notifier.Notify(new ChangeEvent(ChangeKind.Changed, VPath.Parse("/f")));
        });
        var churning = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++) _notifier.Subscribe(VPath.Root, _ => { }).Dispose();
        })).ToArray();
        await Task.WhenAll([notifying, .. churning]);

        Assert.AreEqual(changes, steady, "a subscriber that stays must see every change, whatever comes and goes around it");
        keep.Dispose();
        Assert.IsFalse(_notifier.HasSubscribers);
    }

    private List<ChangeEvent> Record(string path)
    {
        var seen = new List<ChangeEvent>();
        _notifier.Subscribe(VPath.Parse(path), seen.Add);
        return seen;
    }
}
