using System.Diagnostics;
using System.Globalization;

namespace Namespace.Caching.Tests;

/// <summary>A journal lease held by a process that died is free at once; one held by a live process, or one this host cannot judge, is not.</summary>
[TestClass]
public sealed class LeaseHolderTests
{
    [TestMethod]
    public void TheHolderOfALiveProcess_IsNotGone()
    {
        Assert.IsFalse(LeaseHolder.IsGone(LeaseHolder.Own()), "this process");
        using var sleeper = Process.Start("sleep", "60");
        try
        {
            var holder = Holder(Environment.MachineName, sleeper.Id, sleeper.StartTime.ToUniversalTime().Ticks);
            Assert.IsFalse(LeaseHolder.IsGone(holder), "another live process");
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [TestMethod]
    public void TheHolderOfAProcessThatEnded_IsGone()
    {
        using var done = Process.Start("sleep", "60");
        var started = done.StartTime.ToUniversalTime().Ticks;
        done.Kill();
        done.WaitForExit();
        Assert.IsTrue(LeaseHolder.IsGone(Holder(Environment.MachineName, done.Id, started)));
    }

    [TestMethod]
    public void AProcessIdNowUsedByAnotherProcess_IsGone()
    {
        var ours = Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks;
        Assert.IsTrue(LeaseHolder.IsGone(Holder(Environment.MachineName, Process.GetCurrentProcess().Id == 1 ? 2 : 1, ours - TimeSpan.TicksPerHour)),
            "pid 1 runs, but started at another time than the holder did");
    }

    [TestMethod]
    [DataRow("other-host/1/0/x")]
    [DataRow("garbage")]
    [DataRow("")]
    [DataRow("a/b/c/d")]
    public void AHolderOfAnotherHost_OrOneNotUnderstood_IsNotGone(string holder)
    {
        Assert.IsFalse(LeaseHolder.IsGone(holder.Replace("a/", Environment.MachineName + "/", StringComparison.Ordinal)));
    }

    private static string Holder(string host, int pid, long startTicks) =>
        string.Create(CultureInfo.InvariantCulture, $"{host}/{pid}/{startTicks}/{Guid.NewGuid():N}");
}
