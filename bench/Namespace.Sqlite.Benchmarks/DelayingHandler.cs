using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace Namespace.Sqlite.Benchmarks;

/// <summary>
/// An HttpClient handler set up as httpfs sets up its own, that holds every request back for a fixed time before
/// sending it: an origin on loopback as if it were that much further away (given to httpfs through
/// <c>HttpFileSystemOptions.Client</c>; the product code is unchanged). <c>Task.Delay(1)</c> cannot do it: on Linux it
/// waits for the runtime's coarse timer tick, about 4 ms on a 250 Hz kernel. Instead one thread keeps the waiting
/// requests in arrival order (with one fixed delay, deadlines come in that order too) and sleeps until each one's
/// deadline with <c>clock_nanosleep</c> on an absolute time, its timer slack set to 1 ns; a request waits on no thread
/// of its own, and concurrent requests are held back at once, not one after another. Elsewhere than Linux that thread
/// sleeps with <see cref="Thread.Sleep(TimeSpan)"/> (whole milliseconds: coarser, but the other categories still run).
/// What each request actually waited (deadline overshoot and thread-pool hop included) is kept for <see cref="Summary"/>.
/// </summary>
internal sealed class DelayingHandler : DelegatingHandler
{
    private readonly long _delayTicks;
    private readonly BlockingCollection<(long Deadline, TaskCompletionSource Due)> _waiting = [];
    private readonly Thread _timer;
    private long _requests;
    private long _waitedTicks;

    public DelayingHandler(TimeSpan delay)
    {
        Delay = delay;
        _delayTicks = (long)(delay.TotalSeconds * Stopwatch.Frequency);
        InnerHandler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        _timer = new Thread(Run) { IsBackground = true, Name = "origin latency" };
        _timer.Start();
    }

    public TimeSpan Delay { get; }

    /// <summary>How many requests were held back so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>How many requests were held back, and how long each waited on average, as actually measured.</summary>
    public string Summary
    {
        get
        {
            var requests = Requests;
            var mean = requests == 0 ? 0 : Interlocked.Read(ref _waitedTicks) * 1000.0 / Stopwatch.Frequency / requests;
            return $"{requests} requests held back {Delay.TotalMilliseconds} ms each: waited {mean:F3} ms on average";
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((start + _delayTicks, due), cancellationToken);
        await due.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _waitedTicks, Stopwatch.GetTimestamp() - start);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_waiting.IsAddingCompleted)
        {
            _waiting.CompleteAdding();
            _timer.Join();
            _waiting.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Run()
    {
        var linux = OperatingSystem.IsLinux();
        if (linux) _ = Native.prctl(Native.PrSetTimerSlack, 1, 0, 0, 0); // this thread's sleeps end within microseconds of their deadline
        foreach (var (deadline, due) in _waiting.GetConsumingEnumerable())
        {
            if (linux) SleepUntil(deadline);
            else if (Stopwatch.GetElapsedTime(deadline) is { Ticks: < 0 } early) Thread.Sleep(-early);
            due.TrySetResult();
        }
    }

    private static void SleepUntil(long deadline)
    {
        // Stopwatch counts CLOCK_MONOTONIC on Linux.
        var ns = (long)(deadline * (1e9 / Stopwatch.Frequency));
        var at = new Native.Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        while (Native.clock_nanosleep(Native.ClockMonotonic, Native.TimerAbsTime, in at, IntPtr.Zero) == Native.EIntr)
        {
        }
    }

    private static class Native
    {
        public const int ClockMonotonic = 1;
        public const int TimerAbsTime = 1;
        public const int EIntr = 4;
        public const int PrSetTimerSlack = 29;

        [StructLayout(LayoutKind.Sequential)]
        public struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc")]
        public static extern int clock_nanosleep(int clock, int flags, in Timespec request, IntPtr remain);

        [DllImport("libc")]
        public static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
    }
}
